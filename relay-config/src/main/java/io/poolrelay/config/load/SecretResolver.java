package io.poolrelay.config.load;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${env:NAME}} and {@code ${file:/path}} references inside a string scalar, so that
 * credentials can stay out of the configuration file. <code>$${</code> stands for a literal
 * <code>${</code>.
 *
 * <p>Problems name the variable or the file but never a value: these strings end up in logs.
 */
final class SecretResolver {

  /** The outcome for one scalar; {@code value} is only meaningful when {@code problems} is empty. */
  record Resolution(String value, List<String> problems) {

    Resolution {
      problems = List.copyOf(problems);
    }
  }

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, String> environment;

  SecretResolver(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  Resolution resolve(String text) {
    if (!text.contains("${")) {
      return new Resolution(text, List.of());
    }
    StringBuilder out = new StringBuilder(text.length());
    List<String> problems = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
        continue;
      }
      if (!text.startsWith("${", i)) {
        out.append(text.charAt(i));
        i++;
        continue;
      }
      int end = text.indexOf('}', i + 2);
      if (end < 0) {
        problems.add("unclosed reference: '${' needs a closing '}' (write $${ for a literal ${)");
        break;
      }
      String reference = text.substring(i + 2, end);
      String replacement = lookUp(reference, problems);
      if (replacement != null) {
        out.append(replacement);
      }
      i = end + 1;
    }
    return new Resolution(out.toString(), problems);
  }

  private String lookUp(String reference, List<String> problems) {
    if (reference.startsWith("env:")) {
      String name = reference.substring("env:".length());
      if (!ENV_NAME.matcher(name).matches()) {
        problems.add("'" + name + "' is not a valid environment variable name in ${env:...}");
        return null;
      }
      String value = environment.get(name);
      if (value == null) {
        problems.add("environment variable '" + name + "' is not set");
      }
      return value;
    }
    if (reference.startsWith("file:")) {
      return readFile(reference.substring("file:".length()), problems);
    }
    int colon = reference.indexOf(':');
    String kind = colon < 0 ? reference : reference.substring(0, colon);
    problems.add("unknown reference kind '" + kind + "': use ${env:NAME} or ${file:/path}");
    return null;
  }

  private static String readFile(String pathText, List<String> problems) {
    if (pathText.isEmpty()) {
      problems.add("${file:...} needs a path");
      return null;
    }
    try {
      String content = Files.readString(Path.of(pathText));
      return stripOneTrailingNewline(content);
    } catch (InvalidPathException e) {
      problems.add("secret file path '" + pathText + "' is not a valid path");
    } catch (NoSuchFileException e) {
      problems.add("cannot read secret file '" + pathText + "': no such file");
    } catch (AccessDeniedException e) {
      problems.add("cannot read secret file '" + pathText + "': permission denied");
    } catch (CharacterCodingException e) {
      problems.add("cannot read secret file '" + pathText + "': not valid UTF-8");
    } catch (IOException e) {
      // The exception's class names the cause; its message is left out in case it quotes content.
      problems.add("cannot read secret file '" + pathText + "': " + e.getClass().getSimpleName());
    }
    return null;
  }

  // Files written with echo or an editor end in a newline that is not part of the password.
  private static String stripOneTrailingNewline(String content) {
    if (content.endsWith("\r\n")) {
      return content.substring(0, content.length() - 2);
    }
    if (content.endsWith("\n")) {
      return content.substring(0, content.length() - 1);
    }
    return content;
  }
}
