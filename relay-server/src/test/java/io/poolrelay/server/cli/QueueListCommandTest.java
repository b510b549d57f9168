package io.poolrelay.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.server.admin.FakeAdminApi;
import io.poolrelay.server.admin.JsonReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueueListCommandTest {

  @Test
  void printsTheSummaryLineThenOneLinePerMessageOldestFirst() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run run = RunningAdmin.run("queue", "list", "--admin", admin.url);
      assertEquals(0, run.exit(), run.err());
      List<String> lines = run.out().lines().toList();
      assertEquals("52 queued (2 incoming, 4 active, 6 deferred, 40 waiting; pools: all 12, bulk 40), 1.2 MiB, "
          + "oldest 1h35m", lines.get(0));
      assertTrue(lines.get(1).matches("QUEUE-ID +STATE +POOL +ATTEMPTS +AGE +NEXT-ATTEMPT +LAST-REPLY"), lines.get(1));
      assertTrue(lines.get(2).matches(FakeAdminApi.DEFERRED_ID + " +deferred +bulk +2 +1h35m +2026-03-01T12:10:00Z "
          + "+451 4\\.7\\.1 greylisted, come back later"), lines.get(2));
      assertTrue(lines.get(3).matches(FakeAdminApi.WAITING_ID + " +waiting +bulk +0 +30m +- +waits for capacity in bulk"),
          lines.get(3));
      assertTrue(lines.get(4).startsWith(FakeAdminApi.ACTIVE_ID + "  active "), lines.get(4));
      assertTrue(lines.get(5).matches(FakeAdminApi.INCOMING_ID + " +incoming +- +0 +40s +- +-"), lines.get(5));
      assertEquals(6, lines.size(), run.out());
    }
  }

  @Test
  void filtersGoToTheApiAndALongReplyIsCut() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      String id = FakeAdminApi.DEFERRED_ID;
      admin.api.putMessage(new io.poolrelay.server.admin.QueuedView(id, "deferred", Optional.of("bulk"), 3,
          Optional.empty(), "451 4.3.0 " + "x".repeat(100) + "\r\nsecond line", 10, java.time.Instant.EPOCH,
          java.time.Duration.ofDays(2).plusHours(3)));
      RunningAdmin.Run run = RunningAdmin.run("queue", "list", "--state", "deferred", "--pool", "bulk", "--limit", "1",
          "--admin", admin.url);
      assertEquals(0, run.exit(), run.err());
      List<String> lines = run.out().lines().toList();
      assertTrue(lines.get(2).startsWith(id + "  deferred  bulk  3         2d3h  -             451 4.3.0 xxx"),
          lines.get(2));
      assertTrue(lines.get(2).endsWith("x..."), lines.get(2));
      assertEquals(QueueListCommand.REPLY_WIDTH, lines.get(2).substring(lines.get(2).indexOf("451")).length());
      assertEquals("(the first 1 shown; --limit shows more)", lines.get(3));
      assertEquals(4, lines.size(), run.out());
    }
  }

  @Test
  void noMatchSaysSoAndJsonPrintsTheApisAnswer() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run none = RunningAdmin.run("queue", "list", "--pool", "nosuch", "--admin", admin.url);
      assertEquals(0, none.exit(), none.err());
      assertEquals("no messages match", none.out().lines().toList().get(1));
      RunningAdmin.Run json = RunningAdmin.run("queue", "list", "--json", "--state", "waiting", "--admin", admin.url);
      Map<?, ?> answer = (Map<?, ?>) JsonReader.parse(json.out().strip());
      assertEquals(1, ((List<?>) answer.get("messages")).size());
      assertEquals(52L, ((Number) ((Map<?, ?>) answer.get("summary")).get("total")).longValue());
    }
  }

  @Test
  void aBadFilterPrintsTheApisErrorAndExits1() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run run = RunningAdmin.run("queue", "list", "--state", "stuck", "--admin", admin.url);
      assertEquals(1, run.exit());
      assertEquals("poolrelay: unknown state 'stuck': use incoming, active, deferred, waiting\n", run.err());
      assertEquals(1, RunningAdmin.run("queue", "list", "--limit", "0", "--admin", admin.url).exit());
    }
  }
}
