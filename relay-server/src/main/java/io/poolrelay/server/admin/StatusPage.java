package io.poolrelay.server.admin;

import io.poolrelay.server.text.Units;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The status page's HTML, from one snapshot of the relay: the queue, every pool with its members, every
 * upstream with its state, usage and rates, and the last WARN and ERROR lines. One self-contained
 * document: inline CSS, no script, no external fonts or images, and a {@code meta refresh} every
 * {@value #REFRESH_SECONDS} seconds. Every string from the relay is escaped: reasons and errors quote
 * remote servers.
 */
final class StatusPage {

  static final int REFRESH_SECONDS = 10;

  /** Usage at or above this share of a limit shows amber. */
  private static final double NEARLY_FULL = 80.0;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** What the page shows, taken at {@code now}. */
  record Snapshot(Instant now, QueueSummary queue, List<PoolView> pools, List<UpstreamView> upstreams,
      List<ProblemView> problems) {

    Snapshot {
      Objects.requireNonNull(now, "now");
      Objects.requireNonNull(queue, "queue");
      pools = List.copyOf(pools);
      upstreams = List.copyOf(upstreams);
      problems = List.copyOf(problems);
    }

    static Snapshot of(AdminApi api) {
      return new Snapshot(api.now(), api.queueSummary(), api.pools(), api.upstreams(), api.recentProblems());
    }
  }

  private static final String CSS = """
      *{box-sizing:border-box}
      body{margin:0;background:#f3f4f6;color:#1f2328;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,\
      "Helvetica Neue",Arial,sans-serif}
      .top{background:#1f2937;color:#f9fafb;padding:14px 24px;display:flex;align-items:center;\
      justify-content:space-between;gap:16px}
      .top h1{margin:0;font-size:20px;font-weight:600;letter-spacing:.2px}
      .top .sub{color:#9ca3af;font-size:12px}
      main{padding:6px 24px 24px;max-width:1500px}
      h2{font-size:13px;font-weight:600;margin:16px 0 8px;color:#374151;text-transform:uppercase;\
      letter-spacing:.6px}
      .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
      .tile,.card,.panel{background:#fff;border:1px solid #e5e7eb;border-radius:6px}
      .tile{padding:8px 12px}
      .tile .label{font-size:12px;color:#6b7280;text-transform:uppercase;letter-spacing:.4px}
      .tile .value{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}
      .tile .note{font-size:12px;color:#6b7280}
      .pools{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:12px}
      .card{padding:12px 14px}
      .card h3{margin:0 0 6px;font-size:16px;display:flex;align-items:center;gap:8px;flex-wrap:wrap}
      .facts{display:flex;gap:18px;margin:4px 0 8px;flex-wrap:wrap}
      .facts div{font-size:12px;color:#6b7280}
      .facts b{display:block;font-size:16px;color:#1f2328;font-variant-numeric:tabular-nums}
      table{border-collapse:collapse;width:100%}
      .panel{overflow-x:auto}
      th{font-size:12px;font-weight:600;color:#6b7280;text-align:left;text-transform:uppercase;\
      letter-spacing:.4px;padding:8px 10px;border-bottom:1px solid #e5e7eb;background:#f9fafb}
      td{padding:7px 10px;border-bottom:1px solid #f0f1f3;vertical-align:top}
      tr:last-child td{border-bottom:0}
      .members td{padding:4px 6px}
      .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      .name{font-weight:600}
      .muted{color:#6b7280}
      .small{font-size:12px}
      .tag{font-size:11px;font-weight:500;color:#374151;background:#eef0f3;border-radius:4px;padding:1px 6px}
      .badge{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.5px;\
      border-radius:10px;padding:1px 8px;border:1px solid transparent}
      .s-up{background:#dafbe1;color:#116329;border-color:#aceebb}
      .s-down{background:#ffebe9;color:#a40e26;border-color:#ffcecb}
      .s-paused,.s-capped,.s-warn{background:#fff8c5;color:#7d4e00;border-color:#f5e0a0}
      .s-error{background:#ffebe9;color:#a40e26;border-color:#ffcecb}
      .s-disabled,.s-unknown{background:#eaeef2;color:#424a53;border-color:#d0d7de}
      .reason{margin-top:3px;min-width:220px;max-width:320px;font-size:13px;overflow-wrap:anywhere}
      .usage{min-width:150px}
      .bar{height:8px;background:#e5e7eb;border-radius:4px;overflow:hidden;margin:4px 0 2px}
      .fill{height:100%;background:#2da44e}
      .fill.high{background:#d4a72c}
      .fill.full{background:#cf222e}
      .mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12px;\
      overflow-wrap:anywhere}
      .err{min-width:160px;max-width:300px;color:#a40e26}
      .empty{padding:14px;color:#6b7280}
      footer{margin-top:26px;font-size:12px;color:#9ca3af}
      """;

  private final Snapshot snapshot;
  private final StringBuilder out = new StringBuilder(16 * 1024);

  private StatusPage(Snapshot snapshot) {
    this.snapshot = snapshot;
  }

  /** The whole page. */
  static String render(Snapshot snapshot) {
    return new StatusPage(snapshot).page();
  }

  private String page() {
    QueueSummary queue = snapshot.queue();
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Pool Relay status: ").append(count(queue.total())).append(" queued</title>\n")
        .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    header();
    out.append("<main>\n");
    queueTiles(queue);
    pools();
    upstreams();
    problems();
    out.append("<footer>Refreshes every ").append(REFRESH_SECONDS)
        .append(" s. The same data as JSON: /api/upstreams.</footer>\n");
    out.append("</main>\n</body>\n</html>\n");
    return out.toString();
  }

  private void header() {
    List<UpstreamView> upstreams = snapshot.upstreams();
    long notUp = upstreams.stream().filter(u -> !u.state().equals("up")).count();
    String overall;
    String state;
    if (upstreams.isEmpty()) {
      overall = "no upstreams";
      state = "unknown";
    } else if (notUp == 0) {
      overall = "all " + upstreams.size() + " upstreams up";
      state = "up";
    } else if (notUp == upstreams.size()) {
      overall = "no upstream up";
      state = "down";
    } else {
      overall = (upstreams.size() - notUp) + " of " + upstreams.size() + " upstreams up";
      state = "paused";
    }
    out.append("<header class=\"top\">\n<div><h1>Pool Relay</h1><div class=\"sub\">Status at ")
        .append(escape(STAMP.format(snapshot.now()))).append("</div></div>\n")
        .append("<div><span class=\"badge s-").append(state).append("\" id=\"overall\">")
        .append(escape(overall)).append("</span></div>\n</header>\n");
  }

  private void queueTiles(QueueSummary queue) {
    out.append("<h2>Queue</h2>\n<section class=\"tiles\" id=\"queue\">\n");
    tile("Queued", count(queue.total()), Units.bytes(queue.bytes()), "queue-total");
    tile("Oldest", queue.oldestAge().map(StatusPage::formatDuration).orElse("–"),
        queue.oldestAge().isPresent() ? "in the queue" : "queue empty", "queue-oldest");
    for (String state : List.of("incoming", "active", "deferred", "waiting")) {
      tile(state.substring(0, 1).toUpperCase(Locale.ROOT) + state.substring(1),
          count(queue.byState().getOrDefault(state, 0L)), "", "queue-" + state);
    }
    out.append("</section>\n");
  }

  private void tile(String label, String value, String note, String id) {
    out.append("<div class=\"tile\" id=\"").append(id).append("\"><div class=\"label\">").append(escape(label))
        .append("</div><div class=\"value\">").append(escape(value)).append("</div><div class=\"note\">")
        .append(escape(note)).append("</div></div>\n");
  }

  private void pools() {
    out.append("<h2>Pools</h2>\n");
    if (snapshot.pools().isEmpty()) {
      out.append("<div class=\"panel empty\">No pools configured.</div>\n");
      return;
    }
    out.append("<section class=\"pools\">\n");
    for (PoolView pool : snapshot.pools()) {
      out.append("<article class=\"card pool\" data-pool=\"").append(escape(pool.name())).append("\">\n<h3>")
          .append(escape(pool.name())).append(" <span class=\"tag\">").append(escape(pool.strategy()))
          .append("</span>");
      pool.fallback().ifPresent(f -> out.append(" <span class=\"tag\">fallback → ").append(escape(f))
          .append("</span>"));
      out.append("</h3>\n<div class=\"facts\"><div>Queued<b>").append(count(pool.queued()))
          .append("</b></div><div>Waiting<b>").append(count(pool.waiting()))
          .append("</b></div><div>Time to send<b>").append(escape(timeToSend(pool.timeToSend())))
          .append("</b></div></div>\n<table class=\"members\">\n");
      for (PoolView.Member member : pool.members()) {
        out.append("<tr><td class=\"name\">").append(escape(member.upstream()))
            .append("</td><td class=\"muted small\">weight ").append(member.weight()).append("</td><td>");
        badge(member.state());
        out.append("</td></tr>\n");
      }
      if (pool.members().isEmpty()) {
        out.append("<tr><td class=\"muted\">no members</td></tr>\n");
      }
      out.append("</table>\n</article>\n");
    }
    out.append("</section>\n");
  }

  private static String timeToSend(Optional<Duration> timeToSend) {
    if (timeToSend.isEmpty()) {
      return "no member can send";
    }
    return timeToSend.get().isZero() ? "no limit" : "~" + formatDuration(timeToSend.get());
  }

  private void upstreams() {
    out.append("<h2>Upstreams</h2>\n<div class=\"panel\">\n");
    if (snapshot.upstreams().isEmpty()) {
      out.append("<div class=\"empty\">No upstreams configured.</div>\n</div>\n");
      return;
    }
    out.append("<table class=\"upstreams\">\n<thead><tr><th>Upstream</th><th>State</th><th>Last hour</th>")
        .append("<th>Last 24 hours</th><th class=\"num\">In flight</th><th class=\"num\">Bounces</th>")
        .append("<th class=\"num\">Deferrals</th><th class=\"num\">Complaints</th><th>Last error</th></tr></thead>\n")
        .append("<tbody>\n");
    for (UpstreamView upstream : snapshot.upstreams()) {
      out.append("<tr data-upstream=\"").append(escape(upstream.name())).append("\">\n<td><div class=\"name\">")
          .append(escape(upstream.name())).append("</div><div class=\"muted small\">").append(escape(upstream.type()))
          .append("</div>");
      if (upstream.sandbox()) {
        out.append("<div><span class=\"badge s-warn sandbox\">sandbox</span></div>");
      }
      if (!upstream.account().isEmpty()) {
        out.append("<div class=\"muted small account\">").append(escape(upstream.account())).append("</div>");
      }
      out.append("</td>\n<td>");
      badge(upstream.state());
      if (!upstream.reason().isEmpty()) {
        out.append("<div class=\"reason\">").append(escape(upstream.reason())).append("</div>");
      }
      String times = times(upstream);
      if (!times.isEmpty()) {
        out.append("<div class=\"muted small\">").append(times).append("</div>");
      }
      out.append("</td>\n<td class=\"usage hour\">");
      usage(upstream.sentLastHour(), upstream.hourlyLimit());
      out.append("</td>\n<td class=\"usage day\">");
      usage(upstream.sentLast24h(), upstream.dailyCap());
      if (!upstream.warmup().isEmpty()) {
        out.append("<div class=\"muted small warmup\">warmup ").append(escape(upstream.warmup())).append("</div>");
      }
      out.append("</td>\n<td class=\"num\">").append(count(upstream.inFlight())).append("</td>\n");
      rate(upstream.bounceRate());
      rate(upstream.deferralRate());
      rate(upstream.complaintRate());
      out.append("<td>");
      if (upstream.lastError().isEmpty()) {
        out.append("<span class=\"muted\">–</span>");
      } else {
        out.append("<div class=\"mono err\">").append(escape(upstream.lastError())).append("</div>");
      }
      out.append("</td>\n</tr>\n");
    }
    out.append("</tbody>\n</table>\n</div>\n");
  }

  /** "for 5m · until 12:05:00 (in 5m)", with the exact instants as tooltips. */
  private String times(UpstreamView upstream) {
    StringBuilder times = new StringBuilder();
    upstream.since().ifPresent(since -> times.append("<span title=\"since ").append(escape(since.toString()))
        .append("\">for ").append(escape(formatDuration(between(since, snapshot.now())))).append("</span>"));
    upstream.until().ifPresent(until -> {
      if (!times.isEmpty()) {
        times.append(" · ");
      }
      times.append("<span title=\"until ").append(escape(until.toString())).append("\">until ")
          .append(escape(CLOCK.format(until))).append(" (in ")
          .append(escape(formatDuration(between(snapshot.now(), until)))).append(")</span>");
    });
    return times.toString();
  }

  private void usage(long sent, OptionalLong limit) {
    if (limit.isEmpty()) {
      out.append("<div class=\"nums\">").append(count(sent)).append(" <span class=\"muted small\">· no limit</span>")
          .append("</div>");
      return;
    }
    long max = limit.getAsLong();
    double percent = max <= 0 ? 100.0 : Math.min(100.0, sent * 100.0 / max);
    String level = percent >= 100.0 ? " full" : percent >= NEARLY_FULL ? " high" : "";
    out.append("<div class=\"nums\">").append(count(sent)).append(" / ").append(count(max)).append("</div>")
        .append("<div class=\"bar\" title=\"").append(String.format(Locale.ROOT, "%.0f%%", percent))
        .append(" of the limit\"><div class=\"fill").append(level).append("\" style=\"width:")
        .append(String.format(Locale.ROOT, "%.1f", percent)).append("%\"></div></div>");
  }

  private void rate(double rate) {
    out.append("<td class=\"num").append(rate == 0.0 ? " muted" : "").append("\">")
        .append(String.format(Locale.ROOT, "%.1f%%", rate * 100)).append("</td>\n");
  }

  private void problems() {
    out.append("<h2>Recent problems</h2>\n<div class=\"panel\" id=\"problems\">\n");
    List<ProblemView> problems = snapshot.problems();
    if (problems.isEmpty()) {
      out.append("<div class=\"empty\">No warnings or errors logged since the relay started.</div>\n</div>\n");
      return;
    }
    out.append("<table>\n<thead><tr><th>Time</th><th>Level</th><th>Logger</th><th>Message</th></tr></thead>\n")
        .append("<tbody>\n");
    for (int i = problems.size() - 1; i >= 0; i--) {
      ProblemView problem = problems.get(i);
      out.append("<tr><td class=\"num\" title=\"").append(escape(problem.time().toString())).append("\">")
          .append(escape(CLOCK.format(problem.time()))).append(" <span class=\"muted small\">(")
          .append(escape(formatDuration(between(problem.time(), snapshot.now())))).append(" ago)</span></td><td>");
      badge(problem.level().toLowerCase(Locale.ROOT));
      out.append("</td><td class=\"small\">").append(escape(problem.logger())).append("</td><td class=\"mono\">")
          .append(escape(problem.message())).append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n</div>\n");
  }

  /** A coloured label; unknown states are grey. */
  private void badge(String state) {
    String css = switch (state) {
      case "up", "down", "paused", "capped", "disabled", "warn", "error" -> state;
      default -> "unknown";
    };
    out.append("<span class=\"badge s-").append(css).append("\">").append(escape(state)).append("</span>");
  }

  private static Duration between(Instant from, Instant to) {
    Duration d = Duration.between(from, to);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** Rounded down to two units: "45s", "12m", "1h 35m", "2d 3h". */
  static String formatDuration(Duration duration) {
    long s = Math.max(0, duration.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m";
    }
    if (s < 86_400) {
      long m = s % 3600 / 60;
      return s / 3600 + "h" + (m == 0 ? "" : " " + m + "m");
    }
    long h = s % 86_400 / 3600;
    return s / 86_400 + "d" + (h == 0 ? "" : " " + h + "h");
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Text for an HTML text node or a quoted attribute; control characters become spaces. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c < 0x20 && c != '\n' || c == 0x7f ? ' ' : c);
      }
    }
    return escaped.toString();
  }
}
