package io.poolrelay.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

class RecentProblemsTest {

  private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void keepsOnlyWarnAndErrorLinesOldestFirst() {
    RecentProblems problems = new RecentProblems(5);
    problems.record(T, Level.INFO, "Relay", "started", null);
    problems.record(T, Level.WARN, "Fleet", "upstream=a health UP -> DOWN", null);
    problems.record(T.plusSeconds(1), Level.DEBUG, "Fleet", "probe", null);
    problems.record(T.plusSeconds(2), Level.ERROR, "AdminRoutes", "admin: GET / failed", new IllegalStateException("x"));
    assertEquals(List.of(
        new RecentProblems.Problem(T, Level.WARN, "Fleet", "upstream=a health UP -> DOWN"),
        new RecentProblems.Problem(T.plusSeconds(2), Level.ERROR, "AdminRoutes",
            "admin: GET / failed (java.lang.IllegalStateException: x)")), problems.lines());
  }

  @Test
  void dropsTheOldestWhenFull() {
    RecentProblems problems = new RecentProblems(3);
    for (int i = 0; i < 10; i++) {
      problems.record(T.plusSeconds(i), Level.WARN, "L", "warning " + i, null);
    }
    assertEquals(List.of("warning 7", "warning 8", "warning 9"),
        problems.lines().stream().map(RecentProblems.Problem::message).toList());
  }

  @Test
  void cutsLongMessages() {
    RecentProblems problems = new RecentProblems(1);
    problems.record(T, Level.WARN, "L", "x".repeat(10_000), null);
    String kept = problems.lines().getFirst().message();
    assertEquals(RecentProblems.MAX_MESSAGE + 1, kept.length());
    assertTrue(kept.endsWith("…"));
  }

  @Test
  void aZeroCapacityKeepsNothing() {
    RecentProblems problems = new RecentProblems(0);
    problems.record(T, Level.ERROR, "L", "lost", null);
    assertEquals(List.of(), problems.lines());
  }

  @Test
  void logOutputFeedsItEveryWarnAndErrorItWrites() {
    RelayLoggerFactory factory = new RelayLoggerFactory();
    factory.output().configure(LogFormat.TEXT, Level.INFO, new ByteArrayOutputStream());
    Logger logger = factory.getLogger("io.poolrelay.server.delivery.DeliveryManager");
    logger.info("queue_id={} delivered", "Q1");
    logger.warn("queue_id={} deferred: {}", "Q2", "451 4.3.0 try later");
    List<RecentProblems.Problem> lines = factory.output().recentProblems().lines();
    assertEquals(1, lines.size());
    RecentProblems.Problem line = lines.getFirst();
    assertEquals(Level.WARN, line.level());
    assertEquals("DeliveryManager", line.logger());
    assertEquals("queue_id=Q2 deferred: 451 4.3.0 try later", line.message());
  }
}
