package io.poolrelay.server.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table, for the commands and API answers that print one: columns padded to their widest cell, an empty cell
 * shown as {@code -}, control characters as spaces so that one row is always one line.
 */
public final class TextTable {

  private final List<List<String>> rows = new ArrayList<>();

  public TextTable(String... header) {
    rows.add(List.of(header));
  }

  public TextTable row(String... cells) {
    rows.add(List.of(cells).stream().map(TextTable::cell).toList());
    return this;
  }

  public String render() {
    int[] widths = new int[rows.getFirst().size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(row.get(i));
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** {@code text} on one line: control characters (a reply's CRLF, say) become spaces. */
  public static String oneLine(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.strip().codePoints().forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
    return sb.toString();
  }

  /** {@code text} on one line and at most {@code max} characters, ending in {@code ...} when cut. */
  public static String truncate(String text, int max) {
    String line = oneLine(text);
    return line.length() <= max ? line : line.substring(0, max - 3) + "...";
  }

  private static String cell(String text) {
    return text == null || text.isBlank() ? "-" : oneLine(text);
  }
}
