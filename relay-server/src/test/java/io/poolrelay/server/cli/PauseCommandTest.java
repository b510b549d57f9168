package io.poolrelay.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.poolrelay.server.admin.FakeAdminApi;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PauseCommandTest {

  @Test
  void pausesForADurationWithAReason() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run run = RunningAdmin.run("pause", "primary", "--for", "2h", "--reason", "blocklisted & slow",
          "--admin", admin.url);
      assertEquals(0, run.exit(), run.err());
      assertEquals("primary: paused until 2026-03-01T14:00:00Z (reason: blocklisted & slow)\n", run.out());
      assertEquals(List.of(new FakeAdminApi.Pause("primary", Optional.of(Duration.ofHours(2)), "blocklisted & slow")),
          admin.api.pauses());
    }
  }

  @Test
  void pausesUntilResumedWithoutFor() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run run = RunningAdmin.run("pause", "ses", "--admin", admin.url);
      assertEquals(0, run.exit(), run.err());
      assertEquals("ses: paused until resumed (reason: paused through the admin API)\n", run.out());
    }
  }

  @Test
  void aBadDurationOrUnknownUpstreamPrintsTheApisErrorAndExits1() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run bad = RunningAdmin.run("pause", "primary", "--for", "2 hours", "--admin", admin.url);
      assertEquals(1, bad.exit());
      assertEquals("poolrelay: bad duration '2 hours': use a positive whole number and a unit (s, m, h or d), "
          + "for example 30s, 15m, 2h or 1d\n", bad.err());
      RunningAdmin.Run unknown = RunningAdmin.run("pause", "no such", "--admin", admin.url);
      assertEquals(1, unknown.exit());
      assertEquals("poolrelay: no upstream 'no such'\n", unknown.err());
      assertEquals(List.of("no such"), admin.api.pauses().stream().map(FakeAdminApi.Pause::upstream).toList());
    }
  }
}
