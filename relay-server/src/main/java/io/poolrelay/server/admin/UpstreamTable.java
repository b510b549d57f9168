package io.poolrelay.server.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The plain-text table of {@code GET /api/upstreams?format=table}, which {@code poolrelay upstreams}
 * prints as is. Columns are padded to their widest cell; an empty cell shows as {@code -}, and control
 * characters in cells become spaces so one upstream is always one line.
 */
final class UpstreamTable {

  static final List<String> HEADER = List.of("NAME", "TYPE", "STATE", "REASON", "HOUR", "DAY", "WARMUP",
      "INFLIGHT", "BOUNCE", "DEFER", "LAST-ERROR");

  private UpstreamTable() {
  }

  static String render(List<UpstreamView> views) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (UpstreamView v : views) {
      rows.add(List.of(v.name(), v.type(), v.state(), reason(v), ratio(v.sentLastHour(), v.hourlyLimit()),
          ratio(v.sentLast24h(), v.dailyCap()), v.warmup(), Integer.toString(v.inFlight()),
          percent(v.bounceRate()), percent(v.deferralRate()), v.lastError()).stream()
          .map(UpstreamTable::cell).toList());
    }
    int[] widths = new int[HEADER.size()];
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

  private static String reason(UpstreamView v) {
    return v.until().map(until -> (v.reason() + " (until " + until + ")").strip()).orElse(v.reason());
  }

  private static String ratio(long sent, OptionalLong limit) {
    return sent + "/" + (limit.isPresent() ? Long.toString(limit.getAsLong()) : "-");
  }

  private static String percent(double rate) {
    if (Double.isNaN(rate) || Double.isInfinite(rate)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  private static String cell(String text) {
    if (text.isBlank()) {
      return "-";
    }
    StringBuilder sb = new StringBuilder(text.length());
    text.strip().codePoints().forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
    return sb.toString();
  }
}
