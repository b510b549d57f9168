package io.poolrelay.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.server.admin.JsonReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpstreamsCommandTest {

  @Test
  void printsATableWithOneLinePerUpstream() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run run = RunningAdmin.run("upstreams", "--admin", admin.url);
      assertEquals(0, run.exit(), run.err());
      List<String> lines = run.out().lines().toList();
      assertEquals(3, lines.size(), run.out());
      assertTrue(lines.get(0).matches("NAME +TYPE +STATE +REASON +HOUR +DAY +WARMUP +INFLIGHT +BOUNCE +DEFER +LAST-ERROR"),
          lines.get(0));
      assertTrue(lines.get(1).matches("primary +smtp +up +- +120/1000 +2400/20000 +day 3 of 8 \\(200/day\\) +4 +1\\.2% "
          + "+5\\.0% +-"), lines.get(1));
      assertTrue(lines.get(2).startsWith("ses "), lines.get(2));
      assertTrue(lines.get(2).endsWith("454 4.7.0 \"throttled\" retry later"), lines.get(2));
      assertEquals("", run.err());
    }
  }

  @Test
  void jsonPrintsTheApisArray() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run run = RunningAdmin.run("upstreams", "--json", "--admin", admin.url + "/");
      assertEquals(0, run.exit(), run.err());
      List<?> upstreams = (List<?>) JsonReader.parse(run.out().strip());
      assertEquals(List.of("primary", "ses"), upstreams.stream().map(u -> ((Map<?, ?>) u).get("name")).toList());
    }
  }

  @Test
  void sendsTheTokenAndExplainsAMissingOne() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.of("t0ken"))) {
      RunningAdmin.Run without = RunningAdmin.run("upstreams", "--admin", admin.url);
      assertEquals(1, without.exit());
      assertEquals("poolrelay: the admin API at " + admin.url + " refused the request: a bearer token is required; "
          + "pass --token or set POOLRELAY_ADMIN_TOKEN\n", without.err());
      assertEquals("", without.out());
      RunningAdmin.Run with = RunningAdmin.run("upstreams", "--admin", admin.url, "--token", "t0ken");
      assertEquals(0, with.exit(), with.err());
      assertTrue(with.out().startsWith("NAME "), with.out());
    }
  }

  @Test
  void anUnreachableRelayIsOneLineAndExit2() throws Exception {
    String url;
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      url = admin.url;
    }
    RunningAdmin.Run run = RunningAdmin.run("upstreams", "--admin", url);
    assertEquals(2, run.exit());
    assertEquals("poolrelay: cannot reach the admin API at " + url + ": connection refused; is the relay running?\n",
        run.err());
    assertEquals("", run.out());
  }

  @Test
  void aUrlThatIsNotHttpIsRefusedWithExit2() {
    RunningAdmin.Run run = RunningAdmin.run("upstreams", "--admin", "ftp://127.0.0.1:1");
    assertEquals(2, run.exit());
    assertEquals("poolrelay: --admin must be an http:// or https:// URL, got 'ftp://127.0.0.1:1'\n", run.err());
  }
}
