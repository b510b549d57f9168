package io.poolrelay.server.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code .dialog} file: an SMTP conversation with the listener, then expectations about what the
 * upstream received. Lines:
 *
 * <pre>
 * # comment                      # config: key=value ... sets the relay's config for this dialog
 * C: text      send text + CRLF  C+: text   send text only (escapes \r \n \t \\ in both)
 * C: &lt;connect&gt;   close the connection and open a new one (its greeting is the next S: line)
 * S: prefix    the next reply starts with prefix (the first S: line is the greeting)
 * S: &lt;closed&gt;    the server closed the connection
 * E: delivered N | message N | data-equals FILE | data-contains TEXT | data-lacks TEXT
 *    data-count N TEXT | only-crlf | mail-from ADDR | rcpt-to A,B
 * </pre>
 *
 * In C and E texts {@code ${repeat:N:text}} repeats text N times and {@code ${queueid}} is the id of
 * the last "queued as" reply. {@code data-*} expectations look at the data after the relay's own
 * Received header (the first header field, which carries a timestamp).
 */
record DialogScript(String name, Map<String, String> config, List<Step> steps, List<String> expectations) {

  sealed interface Step permits Send, Connect, Expect, ExpectClosed {}

  /** Bytes the client sends. */
  record Send(String text, boolean crlf, int line) implements Step {}

  record Connect(int line) implements Step {}

  record Expect(String prefix, int line) implements Step {}

  record ExpectClosed(int line) implements Step {}

  private static final Pattern REPEAT = Pattern.compile("\\$\\{repeat:(\\d+):((?:(?!\\$\\{)[^}])*)}");

  static DialogScript parse(Path file) throws IOException {
    String name = file.getFileName().toString();
    Map<String, String> config = new LinkedHashMap<>();
    List<Step> steps = new ArrayList<>();
    List<String> expectations = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int number = i + 1;
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("#")) {
        String comment = line.substring(1).strip();
        if (comment.startsWith("config:")) {
          for (String setting : comment.substring("config:".length()).strip().split("\\s+")) {
            int equals = setting.indexOf('=');
            if (equals <= 0) {
              throw new IllegalArgumentException(name + ":" + number + ": config setting needs key=value: " + setting);
            }
            config.put(setting.substring(0, equals), setting.substring(equals + 1));
          }
        }
        continue;
      }
      if (line.equals("C:")) {
        steps.add(new Send("", true, number));
      } else if (line.equals("C: <connect>")) {
        steps.add(new Connect(number));
      } else if (line.startsWith("C: ")) {
        steps.add(new Send(line.substring(3), true, number));
      } else if (line.startsWith("C+: ")) {
        steps.add(new Send(line.substring(4), false, number));
      } else if (line.equals("S: <closed>")) {
        steps.add(new ExpectClosed(number));
      } else if (line.startsWith("S: ")) {
        steps.add(new Expect(line.substring(3), number));
      } else if (line.startsWith("E: ")) {
        expectations.add(line.substring(3));
      } else {
        throw new IllegalArgumentException(name + ":" + number + ": not a dialog line: " + line);
      }
    }
    if (steps.isEmpty() || !(steps.get(0) instanceof Expect || steps.get(0) instanceof ExpectClosed)) {
      throw new IllegalArgumentException(name + ": must start with an S: line for the greeting");
    }
    return new DialogScript(name, Map.copyOf(config), List.copyOf(steps), List.copyOf(expectations));
  }

  /** Expands {@code ${repeat:N:text}} and {@code ${queueid}}, then the backslash escapes, to bytes. */
  static byte[] bytes(String text, String queueId) {
    String expanded = text;
    // Innermost first, so repeats can nest.
    for (Matcher repeat = REPEAT.matcher(expanded); repeat.find(); repeat = REPEAT.matcher(expanded)) {
      expanded = expanded.substring(0, repeat.start())
          + repeat.group(2).repeat(Integer.parseInt(repeat.group(1))) + expanded.substring(repeat.end());
    }
    String withId = queueId == null ? expanded.toString() : expanded.toString().replace("${queueid}", queueId);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < withId.length(); i++) {
      char c = withId.charAt(i);
      if (c == '\\' && i + 1 < withId.length()) {
        char next = withId.charAt(++i);
        switch (next) {
          case 'r' -> out.write('\r');
          case 'n' -> out.write('\n');
          case 't' -> out.write('\t');
          case '\\' -> out.write('\\');
          default -> throw new IllegalArgumentException("unknown escape \\" + next + " in: " + text);
        }
      } else if (Character.isHighSurrogate(c) && i + 1 < withId.length()) {
        out.writeBytes(withId.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
        i++;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return name;
  }
}
