package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's commands against a running relay: what `poolrelay upstreams` shows, and pause/resume. */
class AdminCommandsIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private static String run(String... args) {
    return Cli.run(args);
  }


  @Test
  void upstreamsShowsUsageAgainstLimitsAndPauseTakesAMemberOutUntilResumed() throws Exception {
    try (FakeSmtpServer first = FakeSmtpServer.start();
        FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, """
            listeners: [ { name: default, address: 127.0.0.1:0 } ]
            upstreams:
              first:  { type: smtp, host: 127.0.0.1, port: %d, tls: none, hourly_limit: 100 }
              second: { type: smtp, host: 127.0.0.1, port: %d, tls: none, enabled: false }
            pools:
              all: { strategy: priority, members: [ { upstream: first }, { upstream: second } ] }
            routing: { default_pool: all }
            """.formatted(first.port(), second.port()))) {
      relay.send(0, 3);
      relay.awaitEmptyQueue(WAIT);

      String table = run("upstreams", "--admin", relay.adminUrl());
      assertTrue(table.startsWith("0\n"), table);
      String firstLine = table.lines().filter(l -> l.startsWith("first")).findFirst().orElseThrow();
      assertTrue(firstLine.contains(" up ") && firstLine.contains("3/100"), table);
      String secondLine = table.lines().filter(l -> l.startsWith("second")).findFirst().orElseThrow();
      assertTrue(secondLine.contains("disabled"), table);

      String json = run("upstreams", "--json", "--admin", relay.adminUrl());
      assertTrue(json.contains("\"name\":\"first\"") && json.contains("\"sent_last_hour\":3"), json);

      String paused = run("pause", "first", "--for", "2h", "--reason", "maintenance", "--admin", relay.adminUrl());
      assertTrue(paused.startsWith("0\n") && paused.contains("paused"), paused);
      relay.send(0, 1);
      Await.until(WAIT, "the message to wait", () -> relay.counter("poolrelay.messages.waiting", "pool", "all") >= 1);
      assertEquals(3, first.transactions().size(), "a paused member takes nothing");
      assertTrue(run("upstreams", "--admin", relay.adminUrl()).contains("maintenance"));

      String resumed = run("resume", "first", "--admin", relay.adminUrl());
      assertTrue(resumed.startsWith("0\n"), resumed);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(4, first.transactions().size());
    }
  }
}
