package io.poolrelay.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResumeCommandTest {

  @Test
  void resumesAPausedUpstream() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.of("tok"))) {
      assertEquals(0, RunningAdmin.run("pause", "primary", "--admin", admin.url, "--token", "tok").exit());
      RunningAdmin.Run run = RunningAdmin.run("resume", "primary", "--admin", admin.url, "--token", "tok");
      assertEquals(0, run.exit(), run.err());
      assertEquals("primary: resumed, now up\n", run.out());
      assertEquals(List.of("primary"), admin.api.resumes());
    }
  }

  @Test
  void anUnknownUpstreamExits1() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run run = RunningAdmin.run("resume", "nosuch", "--admin", admin.url);
      assertEquals(1, run.exit());
      assertEquals("poolrelay: no upstream 'nosuch'\n", run.err());
    }
  }

  @Test
  void anUnreachableRelayExits2() throws Exception {
    String url;
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      url = admin.url;
    }
    RunningAdmin.Run run = RunningAdmin.run("resume", "primary", "--admin", url);
    assertEquals(2, run.exit());
    assertEquals("poolrelay: cannot reach the admin API at " + url + ": connection refused; is the relay running?\n",
        run.err());
  }
}
