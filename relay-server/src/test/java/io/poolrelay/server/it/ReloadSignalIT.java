package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGHUP to a running relay process reloads its file, as systemd's ExecReload does; a broken file is refused. */
class ReloadSignalIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private String config(String member, int portA, int portB) {
    return """
        listeners: [ { name: default, address: 127.0.0.1:0 } ]
        upstreams:
          a: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
          b: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
        pools:
          all: { members: [ { upstream: %s } ] }
        routing: { default_pool: all }
        spool: { directory: "%s", retry: { schedule: [1s], max_age: 1h } }
        """.formatted(portA, portB, member, dir.resolve("spool"));
  }

  private static void hangUp(RelayProcess relay) throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(relay.pid())).inheritIO().start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -HUP failed");
  }

  private static void send(RelayProcess relay, String recipient) throws Exception {
    try (SmtpDialog client = SmtpDialog.connect(relay.port())) {
      SmtpDialog.expect(client.command("EHLO app.test"), "250");
      SmtpDialog.expect(client.sendMessage("app@example.com", List.of(recipient), "Subject: hup\r\n\r\nbody\r\n"),
          "250 2.0.0");
    }
  }

  @Test
  void sighupAppliesTheNewFileAndRefusesABrokenOneWhileTheRelayRuns() throws Exception {
    try (FakeSmtpServer a = FakeSmtpServer.start(); FakeSmtpServer b = FakeSmtpServer.start()) {
      Path config = dir.resolve("relay.yaml");
      Files.writeString(config, config("a", a.port(), b.port()));
      try (RelayProcess relay = RelayProcess.start(config, dir.resolve("relay.log"), WAIT)) {
        send(relay, "first@example.net");
        a.takeTransaction(WAIT);

        Files.writeString(config, config("b", a.port(), b.port()));
        hangUp(relay);
        Await.until(WAIT, "the reload line", () -> !relay.linesContaining("reload applied").isEmpty());
        assertTrue(relay.linesContaining("reload applied").getFirst().contains("pool all changed"), relay.logText());
        send(relay, "second@example.net");
        assertEquals(List.of("second@example.net"), b.takeTransaction(WAIT).rcptTo());

        Files.writeString(config, config("nosuch", a.port(), b.port()));
        hangUp(relay);
        Await.until(WAIT, "the refusal", () -> !relay.linesContaining("reload refused").isEmpty());
        assertTrue(relay.logText().contains("unknown upstream 'nosuch'"), relay.logText());
        send(relay, "third@example.net");
        assertEquals(List.of("third@example.net"), b.takeTransaction(WAIT).rcptTo(), "the last good file still applies");
        assertEquals(1, a.transactions().size());
      }
    }
  }
}
