package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.RecordedTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayToSmtpUpstreamIT {

  @TempDir
  Path dir;

  static String config(int upstreamPort) {
    return """
        listeners: [ { name: default, address: 127.0.0.1:0 } ]
        upstreams:
          fake: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
        pools:
          all: { members: [ { upstream: fake } ] }
        routing: { default_pool: all }
        """.formatted(upstreamPort);
  }

  @Test
  void upstreamReceivesTheClientsBytesWithTraceHeaderAndWithoutHintHeaders() throws Exception {
    try (FakeSmtpServer upstream = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, config(upstream.port()))) {
      String body = "From: app@example.com\r\nX-Campaign-Type: newsletter\r\nSubject: hi\r\n\r\n"
          + ".starts with a dot\r\nline two\r\n";
      String reply;
      try (SmtpDialog client = SmtpDialog.connect(relay.port())) {
        SmtpDialog.expect(client.command("EHLO app.test"), "250");
        reply = client.sendMessage("app@example.com", List.of("user@example.net"), body);
      }
      SmtpDialog.expect(reply, "250 2.0.0 Ok: queued as ");
      String queueId = reply.substring("250 2.0.0 Ok: queued as ".length());

      RecordedTransaction delivered = upstream.takeTransaction(Duration.ofSeconds(10));
      assertEquals("app@example.com", delivered.mailFrom());
      assertEquals(List.of("user@example.net"), delivered.rcptTo());
      String data = new String(delivered.data(), StandardCharsets.UTF_8);
      assertTrue(data.startsWith("Received: from app.test ([127.0.0.1])\r\n\tby relay.test (Pool Relay) with ESMTP id "
          + queueId + "\r\n\tfor <user@example.net>; "), data);
      String afterTrace = data.substring(data.indexOf("\r\n", data.indexOf("\tfor <")) + 2);
      assertEquals("From: app@example.com\r\nSubject: hi\r\n\r\n.starts with a dot\r\nline two\r\n", afterTrace);
      relay.awaitEmptyQueue(Duration.ofSeconds(10));
    }
  }
}
