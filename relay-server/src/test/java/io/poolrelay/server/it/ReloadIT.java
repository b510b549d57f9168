package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.server.cli.Main;
import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Reloading a running relay: new weights apply to the next message, upstreams that did not change keep
 * their counts, a changed one keeps them through its journal, and a broken file changes nothing while
 * mail keeps flowing.
 */
class ReloadIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private static String config(int portA, int portB, String limitA, int weightA, int weightB, String member) {
    return """
        listeners: [ { name: default, address: 127.0.0.1:0 } ]
        upstreams:
          a: { type: smtp, host: 127.0.0.1, port: %d, tls: none, hourly_limit: %s }
          b: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
        pools:
          all: { strategy: weighted, members: [ { upstream: %s, weight: %d }, { upstream: b, weight: %d } ] }
        routing: { default_pool: all }
        """.formatted(portA, limitA, portB, member, weightA, weightB);
  }


  private record Cli(int exit, String output) {}

  private static Cli reload(RunningRelay relay) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    return new Cli(cli.execute("reload", "--admin", relay.adminUrl()), out.toString());
  }

  @Test
  void newWeightsApplyToTheNextMessageAndABrokenFileChangesNothing() throws Exception {
    try (FakeSmtpServer a = FakeSmtpServer.start();
        FakeSmtpServer b = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, config(a.port(), b.port(), "1000", 1, 1, "a"))) {
      relay.send(0, 20);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(10, a.transactions().size());
      assertEquals(10, b.transactions().size());

      relay.writeConfig(config(a.port(), b.port(), "1000", 1, 3, "a"));
      Cli weights = reload(relay);
      assertEquals("reloaded:\n  pool all changed\n", weights.output());
      relay.send(0, 20);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(15, a.transactions().size(), "1 in 4 of the next 20");
      assertEquals(25, b.transactions().size());
      assertEquals(15L, ((Number) UpstreamEntry.fetch(relay, "a").json().get("sent_last_hour")).longValue(),
          "a kept its count: its settings did not change");

      relay.writeConfig(config(a.port(), b.port(), "1000", 1, 3, "nosuch"));
      Cli broken = reload(relay);
      assertEquals(1, broken.exit(), broken.output());
      assertTrue(broken.output().contains("unknown upstream 'nosuch'"), broken.output());
      relay.send(0, 4);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(16, a.transactions().size(), "the old weights still apply");
      assertEquals(28, b.transactions().size());

      relay.writeConfig(config(a.port(), b.port(), "500", 1, 3, "a"));
      Cli limit = reload(relay);
      assertEquals("reloaded:\n  upstream a changed\n", limit.output());
      UpstreamEntry changed = UpstreamEntry.fetch(relay, "a");
      assertEquals(500L, ((Number) changed.json().get("hourly_limit")).longValue());
      assertEquals(16L, ((Number) changed.json().get("sent_last_hour")).longValue(),
          "a changed upstream keeps its count through its usage journal");
    }
  }
}
