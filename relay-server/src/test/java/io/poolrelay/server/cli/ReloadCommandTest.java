package io.poolrelay.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.poolrelay.server.reload.ReloadResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReloadCommandTest {

  @Test
  void printsWhatChangedAndWhatWaitsForARestart() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      admin.api.nextReload = new ReloadResult(true, List.of(), List.of("upstream mx2 added", "pool all changed"),
          List.of("listeners"));
      RunningAdmin.Run run = RunningAdmin.run("reload", "--admin", admin.url);
      assertEquals(0, run.exit(), run.err());
      assertEquals("""
          reloaded:
            upstream mx2 added
            pool all changed
            listeners changed: applies after a restart
          """, run.out());
    }
  }

  @Test
  void aRefusedReloadExits1WithEveryProblem() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      admin.api.nextReload = new ReloadResult(false,
          List.of("pools.all.members[0].upstream: unknown upstream 'nosuch' (line 6)", "routing: missing (line 1)"),
          List.of(), List.of());
      RunningAdmin.Run run = RunningAdmin.run("reload", "--admin", admin.url);
      assertEquals(1, run.exit());
      assertEquals("poolrelay: refused, nothing changed:%n  pools.all.members[0].upstream: unknown upstream 'nosuch' (line 6)%n  routing: missing (line 1)%n"
          .formatted(), run.err());
    }
  }
}
