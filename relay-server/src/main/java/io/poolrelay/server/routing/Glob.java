package io.poolrelay.server.routing;

import java.util.regex.Pattern;

/** A case-insensitive glob: {@code *} any run of characters, {@code ?} one character, all else literal. */
final class Glob {

  private final String text;
  private final Pattern pattern;

  Glob(String text) {
    this.text = text;
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '*' || c == '?') {
        if (!literal.isEmpty()) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (!literal.isEmpty()) {
      regex.append(Pattern.quote(literal.toString()));
    }
    this.pattern = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }

  boolean matches(String value) {
    return pattern.matcher(value).matches();
  }

  @Override
  public String toString() {
    return text;
  }
}
