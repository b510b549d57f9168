package io.poolrelay.upstreams.file;

import io.poolrelay.config.model.SenderRewrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.model.FileUpstreamConfig;
import io.poolrelay.config.model.GuardConfig;
import io.poolrelay.config.model.HealthConfig;
import io.poolrelay.config.model.LimitsConfig;
import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.MessageContent;
import io.poolrelay.upstreams.TransactionResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileUpstreamTest {

  @TempDir
  Path dir;

  /** Health checks, limits and the guard are off: these tests look at the files written, nothing else. */
  private static FileUpstreamConfig config(Path directory) {
    return new FileUpstreamConfig(
        "outbox",
        true,
        directory,
        new HealthConfig(false, Duration.ofSeconds(30), Duration.ofSeconds(10), 3, Duration.ofSeconds(30),
            Duration.ofMinutes(10)),
        new LimitsConfig(OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty(), 1),
        Optional.empty(),
        new GuardConfig(false, Duration.ofHours(1), 200, 0.03, 0.20, 0.001, Duration.ofHours(1)),
        SenderRewrite.NONE);
  }

  @Test
  void writesOneEmlFileWithReturnPathAndEnvelopeRecipients() throws Exception {
    FileUpstream upstream = new FileUpstream(config(dir.resolve("outbox")));
    byte[] message = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    TransactionResult result = upstream.deliver(
        new Envelope("Q1", "a@example.com", List.of("b@example.net", "c@example.net")), MessageContent.of(message));
    assertTrue(result.allDelivered());
    assertEquals("Return-Path: <a@example.com>\r\nX-PoolRelay-Rcpt-To: b@example.net, c@example.net\r\n"
        + "Subject: hi\r\n\r\nbody\r\n", Files.readString(dir.resolve("outbox/Q1.eml")));
    try (var files = Files.list(dir.resolve("outbox"))) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void unwritableDirectoryDefersWithUpstreamScope() throws Exception {
    Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
    FileUpstream upstream = new FileUpstream(config(blocker.resolve("sub")));
    TransactionResult result = upstream.deliver(new Envelope("Q2", "", List.of("b@example.net")),
        MessageContent.of(new byte[] {'x', '\r', '\n'}));
    DeliveryOutcome.Deferred deferred = assertInstanceOf(DeliveryOutcome.Deferred.class, result.outcomes().get(0).outcome());
    assertEquals(FailureScope.UPSTREAM, deferred.scope());
    assertEquals(451, deferred.reply().code());
  }
}
