package io.poolrelay.upstreams.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.MessageContent;
import io.poolrelay.upstreams.RecipientOutcome;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.time.FakeTime;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real (Java) SMTP server: what arrives is what the relay was given. */
class GreenMailDeliveryTest {

  private static final String CONTENT = String.join("\r\n",
      "From: Alice <alice@example.org>",
      "To: Bob <bob@example.net>",
      "Subject: =?UTF-8?Q?caf=C3=A9?=",
      "Message-ID: <greenmail-1@example.org>",
      "X-Folded: first part",
      "  second part",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=UTF-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      ".leading dot",
      ".",
      "..two dots",
      "caf\u00e9 \u2603 8-bit text",
      "a.b",
      "") ;

  private GreenMail greenMail;

  @BeforeEach
  void start() {
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
        .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay@example.org", "relay", "s3cret"));
    greenMail.start();
  }

  @AfterEach
  void stop() {
    greenMail.stop();
  }

  private int port() {
    return greenMail.getSmtp().getPort();
  }

  private static byte[] bytesOf(MimeMessage message) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    message.writeTo(out);
    return out.toByteArray();
  }

  @Test
  void deliveredMessageArrivesByteForByte() throws Exception {
    byte[] content = CONTENT.getBytes(StandardCharsets.UTF_8);
    try (SmtpUpstream upstream = new SmtpUpstream(UpstreamConfigs.onPort(port()).build(), new FakeTime())) {
      TransactionResult result = upstream.deliver(
          new Envelope("q1", "alice@example.org", List.of("bob@example.net")), MessageContent.of(content));
      assertTrue(result.allDelivered(), result.toString());
      assertEquals(250, result.outcomes().get(0).outcome().reply().code());
      assertEquals("END_OF_DATA", result.outcomes().get(0).outcome().reply().command());
    }
    assertTrue(greenMail.waitForIncomingEmail(5_000, 1));
    byte[] stored = bytesOf(greenMail.getReceivedMessages()[0]);
    // GreenMail puts Return-Path and Received above what it got; everything from our first header on is ours.
    int start = indexOf(stored, "From: Alice".getBytes(StandardCharsets.US_ASCII));
    assertTrue(start >= 0, "our headers are missing");
    // GreenMail counts the CRLF before the final dot as part of the terminator, so it keeps one CRLF fewer.
    byte[] expected = Arrays.copyOf(content, content.length - 2);
    assertArrayEquals(expected, Arrays.copyOfRange(stored, start, stored.length));
  }

  @Test
  void everyRecipientOfTheEnvelopeGetsTheMessage() throws Exception {
    List<String> recipients = List.of("one@example.net", "two@example.net", "three@example.com");
    try (SmtpUpstream upstream = new SmtpUpstream(UpstreamConfigs.onPort(port()).build(), new FakeTime())) {
      TransactionResult result = upstream.deliver(
          new Envelope("q2", "alice@example.org", recipients), MessageContent.of(CONTENT.getBytes(StandardCharsets.UTF_8)));
      assertEquals(recipients, result.outcomes().stream().map(RecipientOutcome::recipient).toList());
      assertTrue(result.allDelivered(), result.toString());
    }
    assertTrue(greenMail.waitForIncomingEmail(5_000, 3));
    assertEquals(3, greenMail.getReceivedMessages().length);
  }

  @Test
  void authPlainWithTheRightPasswordDelivers() throws Exception {
    var config = UpstreamConfigs.onPort(port()).auth("relay", "s3cret").build();
    try (SmtpUpstream upstream = new SmtpUpstream(config, new FakeTime())) {
      assertTrue(upstream.checkConnection().ok(), upstream.checkConnection().toString());
      TransactionResult result = upstream.deliver(
          new Envelope("q3", "relay@example.org", List.of("bob@example.net")),
          MessageContent.of(CONTENT.getBytes(StandardCharsets.UTF_8)));
      assertTrue(result.allDelivered(), result.toString());
    }
    assertTrue(greenMail.waitForIncomingEmail(5_000, 1));
  }

  @Test
  void authWithAWrongPasswordDefersAtUpstreamScopeWithoutShowingThePassword() throws Exception {
    var config = UpstreamConfigs.onPort(port()).auth("relay", "wrong-password").build();
    try (SmtpUpstream upstream = new SmtpUpstream(config, new FakeTime())) {
      TransactionResult result = upstream.deliver(
          new Envelope("q4", "relay@example.org", List.of("bob@example.net")),
          MessageContent.of(CONTENT.getBytes(StandardCharsets.UTF_8)));
      var outcome = assertInstanceOf(DeliveryOutcome.Deferred.class, result.outcomes().get(0).outcome());
      assertEquals(FailureScope.UPSTREAM, outcome.scope());
      assertEquals("AUTH", outcome.reply().command());
      assertEquals(421, outcome.reply().code());
      assertEquals("4.7.8", outcome.reply().enhancedStatus());
      assertTrue(outcome.reply().text().startsWith("authentication failed: 535"), outcome.reply().text());
      assertTrue(!outcome.reply().toString().contains("wrong-password"));
      ConnectionCheckResult check = upstream.checkConnection();
      assertEquals(Stage.AUTH, check.failedStage().orElseThrow());
      assertTrue(!check.detail().contains("wrong-password"));
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
