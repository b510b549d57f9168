package io.poolrelay.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComplaintCommandTest {

  @Test
  void reportsComplaintsAndShowsTheUpstreamAfterwards() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.of("tok"))) {
      RunningAdmin.Run run = RunningAdmin.run("complaint", "primary", "--count", "3", "--admin", admin.url,
          "--token", "tok");
      assertEquals(0, run.exit(), run.err());
      assertEquals("primary: 3 complaint(s) counted; complaint rate 0.0, now up\n", run.out());
      assertEquals(Map.of("primary", 3), admin.api.complaints());
    }
  }

  @Test
  void anUpstreamWithItsGuardOffExits1WithTheReason() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run run = RunningAdmin.run("complaint", "ses", "--admin", admin.url);
      assertEquals(1, run.exit());
      assertTrue(run.err().contains("has its guard off"), run.err());
    }
  }
}
