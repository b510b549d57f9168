package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.poolrelay.upstreams.smtp.SmtpSink;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay against real SMTP peers: GreenMail, and Postfix's smtp-sink. */
class RealPeersIT {

  @TempDir
  Path dir;

  private static String smtpUpstream(int port, String extra) {
    return """
        listeners: [ { name: default, address: 127.0.0.1:0 } ]
        upstreams:
          peer: { type: smtp, host: 127.0.0.1, port: %d, tls: none %s }
        pools:
          all: { members: [ { upstream: peer } ] }
        routing: { default_pool: all }
        """.formatted(port, extra);
  }

  @Test
  void greenMailReceivesTheMessageWithAuth() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.setUser("relay", "s3cret");
    greenMail.start();
    try (RunningRelay relay = RunningRelay.start(dir, smtpUpstream(port, ", username: relay, password: s3cret"))) {
      try (SmtpDialog client = SmtpDialog.connect(relay.port())) {
        SmtpDialog.expect(client.command("EHLO app.test"), "250");
        SmtpDialog.expect(client.sendMessage("app@example.com", List.of("one@example.net", "two@example.net"),
            "From: app@example.com\r\nSubject: via greenmail\r\n\r\nhello\r\n"), "250 2.0.0");
      }
      relay.awaitEmptyQueue(Duration.ofSeconds(15));
      Await.until(Duration.ofSeconds(15), "GreenMail to store a copy per recipient",
          () -> greenMail.getReceivedMessages().length == 2);
      MimeMessage received = greenMail.getReceivedMessages()[0];
      assertEquals("via greenmail", received.getSubject());
      assertTrue(java.util.Arrays.stream(received.getHeader("Received")).anyMatch(h -> h.contains("(Pool Relay)")),
          "one Received header names Pool Relay");
    } finally {
      greenMail.stop();
    }
  }

  @Test
  void smtpSinkReceivesEveryMessageOfABurst() throws Exception {
    assertTrue(SmtpSink.installed(), "smtp-sink (Debian postfix) is missing: bin/test installs it");
    try (SmtpSink sink = SmtpSink.start();
        RunningRelay relay = RunningRelay.start(dir, smtpUpstream(sink.port(), ", max_connections: 8"))) {
      int messages = 300;
      try (SmtpDialog client = SmtpDialog.connect(relay.port())) {
        SmtpDialog.expect(client.command("EHLO app.test"), "250");
        for (int i = 0; i < messages; i++) {
          SmtpDialog.expect(client.sendMessage("app@example.com", List.of("user@example.net"),
              "Subject: burst " + i + "\r\n\r\nbody\r\n"), "250 2.0.0");
        }
      }
      assertEquals(messages, sink.awaitMessages(messages, Duration.ofSeconds(30)));
      relay.awaitEmptyQueue(Duration.ofSeconds(10));
    }
  }
}
