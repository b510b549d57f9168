package io.poolrelay.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.poolrelay.server.admin.JsonReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoolsCommandTest {

  @Test
  void printsOnePoolALineWithItsMembersStates() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run run = RunningAdmin.run("pools", "--admin", admin.url);
      assertEquals(0, run.exit(), run.err());
      assertEquals("""
          POOL  STRATEGY  FALLBACK  QUEUED  WAITING  TIME-TO-SEND        MEMBERS
          all   weighted  -         12      0        3m                  primary (weight 10, up)
          bulk  priority  all       40      40       no member can send  ses (weight 1, down)
          """, run.out());
    }
  }

  @Test
  void jsonPrintsTheApisArray() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run run = RunningAdmin.run("pools", "--json", "--admin", admin.url);
      assertEquals(0, run.exit(), run.err());
      assertEquals(List.of("all", "bulk"), ((List<?>) JsonReader.parse(run.out().strip())).stream()
          .map(p -> ((Map<?, ?>) p).get("name")).toList());
    }
  }
}
