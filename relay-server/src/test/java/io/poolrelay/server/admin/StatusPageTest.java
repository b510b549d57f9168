package io.poolrelay.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatusPageTest {

  private final FakeAdminApi api = new FakeAdminApi();

  private String render() {
    return StatusPage.render(StatusPage.Snapshot.of(api));
  }

  /** The HTML of the upstreams table row for {@code name}. */
  private static String row(String html, String name) {
    Matcher m = Pattern.compile("<tr data-upstream=\"" + Pattern.quote(name) + "\">(.*?)</tr>", Pattern.DOTALL)
        .matcher(html);
    assertTrue(m.find(), "no row for " + name + " in\n" + html);
    return m.group(1);
  }

  private static List<String> barWidths(String html) {
    return Pattern.compile("class=\"fill[^\"]*\" style=\"width:([0-9.]+)%\"").matcher(html).results()
        .map(r -> r.group(1)).toList();
  }

  private static UpstreamView upstream(String name, String state, String reason, long hour, OptionalLong hourly,
      long day, OptionalLong daily) {
    return new UpstreamView(name, "smtp", state, reason, Optional.of(FakeAdminApi.NOW.minusSeconds(300)),
        Optional.empty(), hour, hourly, day, daily, "", 0, 0.0, 0.0, 0.0, "");
  }

  @Test
  void isOneSelfContainedDocumentThatRefreshesItself() {
    String html = render();
    assertTrue(html.startsWith("<!DOCTYPE html>"), html);
    assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"10\">"), html);
    assertTrue(html.contains("<meta charset=\"utf-8\">"), html);
    assertFalse(html.contains("<script"), "no script");
    assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src="),
        "no external fonts, images or style sheets");
    assertFalse(html.contains("<link"), "no linked resources");
    assertTrue(html.trim().endsWith("</html>"));
  }

  @Test
  void showsEveryPoolAndUpstreamByName() {
    String html = render();
    for (PoolView pool : api.pools()) {
      assertTrue(html.contains("data-pool=\"" + pool.name() + "\""), pool.name());
      for (PoolView.Member member : pool.members()) {
        assertTrue(html.contains("<td class=\"name\">" + member.upstream() + "</td>"), member.upstream());
      }
    }
    for (UpstreamView upstream : api.upstreams()) {
      assertTrue(row(html, upstream.name()).contains("<div class=\"name\">" + upstream.name() + "</div>"));
    }
  }

  @Test
  void headerShowsTheQueueAtAGlance() {
    String html = render();
    assertTrue(html.contains("Status at 2026-03-01 12:00:00 UTC"), html);
    assertTrue(html.contains("<title>Pool Relay status: 52 queued</title>"), html);
    assertTrue(html.contains("id=\"queue-total\"><div class=\"label\">Queued</div><div class=\"value\">52</div>"
        + "<div class=\"note\">1.2 MiB</div>"), html);
    assertTrue(html.contains("<div class=\"label\">Oldest</div><div class=\"value\">1h 35m</div>"), html);
    assertTrue(html.contains("<div class=\"label\">Waiting</div><div class=\"value\">40</div>"), html);
    assertTrue(html.contains(">1 of 2 upstreams up</span>"), html);
  }

  @Test
  void poolsShowStrategyFallbackQueueAndMembersWithWeightAndState() {
    String html = render();
    assertTrue(html.contains("<h3>bulk <span class=\"tag\">priority</span> <span class=\"tag\">fallback → all</span>"
        + "</h3>"), html);
    assertTrue(html.contains("Queued<b>40</b></div><div>Waiting<b>40</b></div><div>Time to send<b>no member can send"),
        html);
    assertTrue(html.contains("Queued<b>12</b></div><div>Waiting<b>0</b></div><div>Time to send<b>~3m</b>"), html);
    assertTrue(html.contains("<td class=\"name\">ses</td><td class=\"muted small\">weight 1</td><td>"
        + "<span class=\"badge s-down\">down</span>"), html);
    assertTrue(html.contains("<td class=\"name\">primary</td><td class=\"muted small\">weight 10</td><td>"
        + "<span class=\"badge s-up\">up</span>"), html);
  }

  @Test
  void upstreamRowsShowStateReasonTimesUsageWarmupAndRates() {
    String html = render();
    String ses = row(html, "ses");
    assertTrue(ses.contains("<span class=\"badge s-down\">down</span><div class=\"reason\">circuit open</div>"), ses);
    assertTrue(ses.contains(">for 5m</span>"), ses);
    assertTrue(ses.contains(">until 12:05:00 (in 5m)</span>"), ses);
    assertTrue(ses.contains("0 <span class=\"muted small\">· no limit</span>"), ses);
    assertTrue(ses.contains("310 <span class=\"muted small\">· no limit</span>"), ses);
    assertTrue(ses.contains(">25.0%</td>"), ses);
    assertTrue(ses.contains("454 4.7.0 &quot;throttled&quot;\nretry later"), ses);
    assertEquals(List.of(), barWidths(ses), "no bar without a limit");
    assertTrue(ses.contains("<span class=\"badge s-warn sandbox\">sandbox</span>"), ses);
    assertTrue(ses.contains("<div class=\"muted small account\">200/24h, 1/s, 310 sent in 24h, sandbox</div>"), ses);
    assertFalse(row(html, "primary").contains("sandbox"), "no sandbox flag without a provider account");

    String primary = row(html, "primary");
    assertTrue(primary.contains("<div class=\"nums\">120 / 1,000</div>"), primary);
    assertTrue(primary.contains("<div class=\"nums\">2,400 / 20,000</div>"), primary);
    assertTrue(primary.contains("warmup day 3 of 8 (200/day)"), primary);
    assertTrue(primary.contains("<td class=\"num\">4</td>"), primary);
    assertTrue(primary.contains(">1.2%</td>") && primary.contains(">5.0%</td>"), primary);
    assertTrue(primary.contains("<td class=\"num muted\">0.0%</td>"), primary);
  }

  @Test
  void barWidthIsTheShareOfTheLimitCappedAtAHundredPercent() {
    api.put(upstream("primary", "up", "", 120, OptionalLong.of(1000), 2400, OptionalLong.of(20000)));
    api.put(upstream("ses", "capped", "hourly limit reached", 13, OptionalLong.of(10), 9, OptionalLong.of(10)));
    String html = render();
    assertEquals(List.of("12.0", "12.0"), barWidths(row(html, "primary")));
    String ses = row(html, "ses");
    assertEquals(List.of("100.0", "90.0"), barWidths(ses));
    assertTrue(ses.contains("<div class=\"nums\">13 / 10</div>"), ses);
    assertTrue(ses.contains("class=\"fill full\""), "over the limit is red");
    assertTrue(ses.contains("class=\"fill high\""), "nine tenths is amber");
    assertTrue(ses.contains("<span class=\"badge s-capped\">capped</span>"), ses);
  }

  @Test
  void aZeroLimitIsAFullBar() {
    api.put(upstream("primary", "capped", "daily cap 0", 0, OptionalLong.of(0), 0, OptionalLong.empty()));
    assertEquals(List.of("100.0"), barWidths(row(render(), "primary")));
  }

  @Test
  void everyStringFromTheRelayIsEscaped() {
    api.put(new UpstreamView("ev<il>", "smtp", "paused", "<script>alert(1)</script>", Optional.of(FakeAdminApi.NOW),
        Optional.empty(), 0, OptionalLong.empty(), 0, OptionalLong.empty(), "<b>warm</b>", 0, 0, 0, 0,
        "550 <img src=x onerror=alert(2)> & \"quoted\" 'single'\u0000"));
    api.addProblem(new ProblemView(FakeAdminApi.NOW, "WARN", "Up<stream>", "reply <script>alert(3)</script>"));
    String html = render();
    assertFalse(html.contains("<script"), html);
    assertFalse(html.contains("<img"), html);
    assertFalse(html.contains("<b>warm"), html);
    assertFalse(html.contains("\u0000"), html);
    String row = row(html, "ev&lt;il&gt;");
    assertTrue(row.contains("<div class=\"reason\">&lt;script&gt;alert(1)&lt;/script&gt;</div>"), row);
    assertTrue(row.contains("550 &lt;img src=x onerror=alert(2)&gt; &amp; &quot;quoted&quot; &#39;single&#39; "), row);
    assertTrue(html.contains("reply &lt;script&gt;alert(3)&lt;/script&gt;"), html);
    assertTrue(html.contains("Up&lt;stream&gt;"), html);
  }

  @Test
  void recentProblemsAreListedNewestFirstWithLevelBadges() {
    String html = render();
    int error = html.indexOf("queue_id=Q7 delivery failed (java.io.IOException: connection reset)");
    int warn = html.indexOf("upstream=ses health UP -&gt; DOWN");
    assertTrue(error > 0 && warn > error, html);
    assertTrue(html.contains("11:58:30 <span class=\"muted small\">(1m ago)</span>"), html);
    assertTrue(html.contains("<span class=\"badge s-error\">error</span>"), html);
    assertTrue(html.contains("<span class=\"badge s-warn\">warn</span>"), html);
  }

  @Test
  void anEmptyRelaySaysSoRatherThanShowingEmptyTables() {
    String html = StatusPage.render(new StatusPage.Snapshot(FakeAdminApi.NOW,
        new QueueSummary(0, Map.of(), Map.of(), Optional.empty(), 0), List.of(), List.of(), List.of()));
    assertTrue(html.contains("No pools configured."), html);
    assertTrue(html.contains("No upstreams configured."), html);
    assertTrue(html.contains("No warnings or errors logged since the relay started."), html);
    assertTrue(html.contains("<div class=\"value\">–</div><div class=\"note\">queue empty</div>"), html);
  }

  @Test
  void durationsAreShortAndHuman() {
    assertEquals("45s", StatusPage.formatDuration(Duration.ofSeconds(45)));
    assertEquals("12m", StatusPage.formatDuration(Duration.ofSeconds(12 * 60 + 59)));
    assertEquals("1h", StatusPage.formatDuration(Duration.ofHours(1)));
    assertEquals("1h 35m", StatusPage.formatDuration(Duration.ofMinutes(95)));
    assertEquals("2d 3h", StatusPage.formatDuration(Duration.ofHours(51).plusMinutes(10)));
    assertEquals("0s", StatusPage.formatDuration(Duration.ofSeconds(-5)));
  }

  @Test
  void timeToSendZeroMeansAMemberWithoutLimits() {
    String html = StatusPage.render(new StatusPage.Snapshot(Instant.EPOCH,
        new QueueSummary(1, Map.of(), Map.of(), Optional.of(Duration.ZERO), 10),
        List.of(new PoolView("p", "weighted", Optional.empty(), List.of(), 1, 0, Optional.of(Duration.ZERO))),
        List.of(), List.of()));
    assertTrue(html.contains("Time to send<b>no limit</b>"), html);
    assertTrue(html.contains("<td class=\"muted\">no members</td>"), html);
  }
}
