package io.poolrelay.server.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Dockerfile as the deployment tests read it: comment lines dropped, continuation lines joined,
 * instructions grouped by stage. Only the syntax our Dockerfile uses is understood (JSON exec form,
 * {@code --flag=value} options, {@code ENV KEY=VALUE}); anything else is kept as raw text.
 */
record DockerfileModel(List<Stage> stages) {

  record Instruction(String keyword, String arguments, int line) {}

  /** One {@code FROM} and what follows it up to the next. */
  record Stage(String baseImage, Optional<String> name, List<Instruction> instructions) {

    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The one that counts: Docker uses the last CMD, ENTRYPOINT, USER, HEALTHCHECK, WORKDIR... */
    Optional<Instruction> last(String keyword) {
      List<Instruction> found = all(keyword);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.getLast());
    }

    /** Every {@code ENV} of the stage, in order. */
    Map<String, String> environment() {
      Map<String, String> env = new LinkedHashMap<>();
      for (Instruction instruction : all("ENV")) {
        List<String> words = words(instruction.arguments());
        if (!words.isEmpty() && !words.getFirst().contains("=")) {
          env.put(words.getFirst(), instruction.arguments().substring(words.getFirst().length()).trim());
          continue;
        }
        for (String word : words) {
          int eq = word.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("line " + instruction.line() + ": ENV word without '=': " + word);
          }
          env.put(word.substring(0, eq), unquote(word.substring(eq + 1)));
        }
      }
      return env;
    }
  }

  static DockerfileModel parse(String text) {
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    StringBuilder pending = new StringBuilder();
    int startLine = 0;
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].stripTrailing();
      if (line.strip().startsWith("#") || (pending.isEmpty() && line.isBlank())) {
        continue;
      }
      if (pending.isEmpty()) {
        startLine = n + 1;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      pending.append(line);
      String whole = pending.toString().strip();
      pending.setLength(0);
      int space = whole.indexOf(' ');
      String keyword = (space < 0 ? whole : whole.substring(0, space)).toUpperCase(Locale.ROOT);
      String arguments = space < 0 ? "" : whole.substring(space + 1).strip();
      if (keyword.equals("FROM")) {
        List<String> words = words(arguments).stream().filter(w -> !w.startsWith("--")).toList();
        Optional<String> name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS")
            ? Optional.of(words.get(2)) : Optional.empty();
        current = new ArrayList<>();
        stages.add(new Stage(words.getFirst(), name, current));
      } else if (current == null) {
        if (!keyword.equals("ARG")) {
          throw new IllegalArgumentException("line " + startLine + ": " + keyword + " before the first FROM");
        }
      } else {
        current.add(new Instruction(keyword, arguments, startLine));
      }
    }
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("no FROM instruction");
    }
    return new DockerfileModel(List.copyOf(stages));
  }

  Stage finalStage() {
    return stages.getLast();
  }

  Optional<Stage> stage(String name) {
    return stages.stream().filter(s -> s.name().map(name::equals).orElse(false)).findFirst();
  }

  /** The leading {@code --name=value} options of an instruction's arguments. */
  static Map<String, String> flags(String arguments) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (String word : words(arguments)) {
      if (!word.startsWith("--")) {
        break;
      }
      int eq = word.indexOf('=');
      flags.put(eq < 0 ? word.substring(2) : word.substring(2, eq), eq < 0 ? "" : word.substring(eq + 1));
    }
    return flags;
  }

  /** The arguments after the leading {@code --options}. */
  static String afterFlags(String arguments) {
    String rest = arguments.strip();
    while (rest.startsWith("--")) {
      int space = rest.indexOf(' ');
      rest = space < 0 ? "" : rest.substring(space + 1).strip();
    }
    return rest;
  }

  /** Whether {@code arguments} are in exec form: a JSON array of strings. */
  static boolean isExecForm(String arguments) {
    try {
      execForm(arguments);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The strings of an exec-form JSON array; IllegalArgumentException when it is not one. */
  static List<String> execForm(String arguments) {
    String s = arguments.strip();
    List<String> items = new ArrayList<>();
    int i = 0;
    if (!s.startsWith("[")) {
      throw new IllegalArgumentException("not a JSON array: " + s);
    }
    i = skipBlanks(s, 1);
    if (i < s.length() && s.charAt(i) == ']') {
      i++;
    } else {
      while (true) {
        if (i >= s.length() || s.charAt(i) != '"') {
          throw new IllegalArgumentException("expected a JSON string at " + i + ": " + s);
        }
        StringBuilder item = new StringBuilder();
        i++;
        while (true) {
          if (i >= s.length()) {
            throw new IllegalArgumentException("unterminated JSON string: " + s);
          }
          char c = s.charAt(i++);
          if (c == '"') {
            break;
          }
          if (c != '\\') {
            item.append(c);
            continue;
          }
          char e = s.charAt(i++);
          switch (e) {
            case '"', '\\', '/' -> item.append(e);
            case 'n' -> item.append('\n');
            case 'r' -> item.append('\r');
            case 't' -> item.append('\t');
            case 'b' -> item.append('\b');
            case 'f' -> item.append('\f');
            case 'u' -> {
              item.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> throw new IllegalArgumentException("bad JSON escape \\" + e + ": " + s);
          }
        }
        items.add(item.toString());
        i = skipBlanks(s, i);
        if (i < s.length() && s.charAt(i) == ',') {
          i = skipBlanks(s, i + 1);
        } else if (i < s.length() && s.charAt(i) == ']') {
          i++;
          break;
        } else {
          throw new IllegalArgumentException("expected ',' or ']' at " + i + ": " + s);
        }
      }
    }
    if (skipBlanks(s, i) != s.length()) {
      throw new IllegalArgumentException("text after the JSON array: " + s);
    }
    return List.copyOf(items);
  }

  /** Whitespace-separated words (exec form arrays excepted: use {@link #execForm}). */
  static List<String> words(String arguments) {
    return arguments.isBlank() ? List.of() : List.of(arguments.strip().split("\\s+"));
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1) : value;
  }

  private static int skipBlanks(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
