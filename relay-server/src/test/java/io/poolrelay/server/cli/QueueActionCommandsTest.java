package io.poolrelay.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.server.admin.FakeAdminApi;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code queue retry}, {@code queue delete} and {@code queue flush}: one line on success, the API's reason and exit 1 when refused. */
class QueueActionCommandsTest {

  @Test
  void retryMakesADeferredMessageDueNow() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.of("t0ken"))) {
      RunningAdmin.Run run = RunningAdmin.run("queue", "retry", FakeAdminApi.DEFERRED_ID, "--admin", admin.url,
          "--token", "t0ken");
      assertEquals(0, run.exit(), run.err());
      assertEquals(FakeAdminApi.DEFERRED_ID + ": due now (pool bulk, 2 attempt(s) so far)\n", run.out());
      assertEquals(List.of(FakeAdminApi.DEFERRED_ID), admin.api.retries());
    }
  }

  @Test
  void retryOfAMessageBeingDeliveredIsRefusedWithExit1() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run run = RunningAdmin.run("queue", "retry", FakeAdminApi.ACTIVE_ID, "--admin", admin.url);
      assertEquals(1, run.exit());
      assertEquals("poolrelay: message '" + FakeAdminApi.ACTIVE_ID + "' is active; only deferred or waiting messages "
          + "can be retried\n", run.err());
    }
  }

  @Test
  void deleteRemovesAMessageAndSaysNoBounceWasSent() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run run = RunningAdmin.run("queue", "delete", FakeAdminApi.WAITING_ID, "--admin", admin.url);
      assertEquals(0, run.exit(), run.err());
      assertEquals(FakeAdminApi.WAITING_ID + ": deleted (no bounce sent)\n", run.out());
      RunningAdmin.Run again = RunningAdmin.run("queue", "delete", FakeAdminApi.WAITING_ID, "--admin", admin.url);
      assertEquals(1, again.exit());
      assertEquals("poolrelay: no message '" + FakeAdminApi.WAITING_ID + "' in the queue\n", again.err());
      RunningAdmin.Run busy = RunningAdmin.run("queue", "delete", FakeAdminApi.ACTIVE_ID, "--admin", admin.url);
      assertEquals(1, busy.exit());
      assertTrue(busy.err().contains("is being delivered"), busy.err());
    }
  }

  @Test
  void flushSaysHowManyAreDueNow() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run run = RunningAdmin.run("queue", "flush", "--admin", admin.url);
      assertEquals(0, run.exit(), run.err());
      assertEquals("flushed: 1 deferred message(s) due now\n", run.out());
      assertEquals(1, admin.api.flushes());
    }
  }

  @Test
  void anUnreachableRelayExits2AndQueueWithoutASubcommandIsAUsageError() throws Exception {
    String url;
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      url = admin.url;
    }
    RunningAdmin.Run run = RunningAdmin.run("queue", "flush", "--admin", url);
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("connection refused; is the relay running?"), run.err());
    RunningAdmin.Run bare = RunningAdmin.run("queue");
    assertEquals(2, bare.exit());
    assertTrue(bare.err().startsWith("Missing subcommand: use list, show, retry, delete or flush"), bare.err());
  }
}
