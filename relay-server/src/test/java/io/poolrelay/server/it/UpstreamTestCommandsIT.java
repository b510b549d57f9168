package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.Phase;
import io.poolrelay.upstreams.fakesmtp.RecordedTransaction;
import io.poolrelay.upstreams.fakesmtp.Script;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `poolrelay test-upstream` and `poolrelay send-test` against a scriptable SMTP upstream. */
class UpstreamTestCommandsIT {

  @TempDir
  Path dir;

  private static String run(String... args) {
    return Cli.run(args);
  }

  private Path config(int port, String extra) throws Exception {
    return Files.writeString(dir.resolve("relay.yaml"), """
        upstreams:
          mx: { type: smtp, host: 127.0.0.1, port: %d, tls: none, connect_timeout: 2s %s }
          outbox: { type: file, directory: %s }
        pools:
          all: { members: [ { upstream: mx } ] }
        routing: { default_pool: all }
        """.formatted(port, extra, dir.resolve("outbox")));
  }

  @Test
  void testUpstreamReportsSuccessOrTheStageThatFailed() throws Exception {
    try (FakeSmtpServer upstream = FakeSmtpServer.start(Script.accepting().requireAuth("relay", "right"))) {
      String ok = run("test-upstream", "mx", "--config",
          config(upstream.port(), ", username: relay, password: right").toString());
      assertTrue(ok.startsWith("0\nmx: Connection successful"), ok);

      String badAuth = run("test-upstream", "mx", "--config",
          config(upstream.port(), ", username: relay, password: wrong").toString());
      assertTrue(badAuth.startsWith("1\nmx: Connection failed at AUTH: "), badAuth);
      assertTrue(badAuth.contains("535"), badAuth);
      assertTrue(!badAuth.contains("wrong"), "never the password: " + badAuth);
    }
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String refused = run("test-upstream", "mx", "--config", config(closed, "").toString());
    assertTrue(refused.startsWith("1\nmx: Connection failed at CONNECT: "), refused);
    assertTrue(run("test-upstream", "outbox", "--config", config(closed, "").toString())
        .startsWith("0\noutbox: Connection successful"));
    assertTrue(run("test-upstream", "nosuch", "--config", config(closed, "").toString())
        .contains("no upstream 'nosuch'"));
  }

  @Test
  void sendTestSendsOneMessageThroughThatUpstreamAndShowsItsReply() throws Exception {
    try (FakeSmtpServer upstream = FakeSmtpServer.start()) {
      String sent = run("send-test", "mx", "--to", "ops@example.net", "--from", "me@example.com", "--config",
          config(upstream.port(), "").toString());
      assertTrue(sent.startsWith("0\nmx: sent to <ops@example.net>: 250 2.0.0 Ok: queued as "), sent);
      RecordedTransaction received = upstream.takeTransaction(Duration.ofSeconds(5));
      assertEquals("me@example.com", received.mailFrom());
      assertEquals(List.of("ops@example.net"), received.rcptTo());
      assertTrue(received.dataAsString().contains("Subject: Pool Relay test through mx\r\n"));

      upstream.enqueue(Script.accepting().reply(Phase.RCPT, 550, "5.1.1 no such user"));
      String refused = run("send-test", "mx", "--to", "gone@example.net", "--config",
          config(upstream.port(), "").toString());
      assertTrue(refused.startsWith("1\nmx: not sent to <gone@example.net>: 550 5.1.1 no such user"), refused);
    }
  }
}
