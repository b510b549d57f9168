package io.poolrelay.server.admin;

import io.poolrelay.server.text.TextTable;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The plain-text table of {@code GET /api/upstreams?format=table}, which {@code poolrelay upstreams}
 * prints as is: one upstream per line (see {@link TextTable}).
 */
final class UpstreamTable {

  static final List<String> HEADER = List.of("NAME", "TYPE", "STATE", "REASON", "HOUR", "DAY", "WARMUP",
      "INFLIGHT", "BOUNCE", "DEFER", "LAST-ERROR");

  private UpstreamTable() {
  }

  static String render(List<UpstreamView> views) {
    TextTable table = new TextTable(HEADER.toArray(String[]::new));
    for (UpstreamView v : views) {
      table.row(v.name(), v.sandbox() ? v.type() + " (sandbox)" : v.type(), v.state(), reason(v), ratio(v.sentLastHour(), v.hourlyLimit()),
          ratio(v.sentLast24h(), v.dailyCap()), v.warmup(), Integer.toString(v.inFlight()),
          percent(v.bounceRate()), percent(v.deferralRate()), v.lastError());
    }
    return table.render();
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
}
