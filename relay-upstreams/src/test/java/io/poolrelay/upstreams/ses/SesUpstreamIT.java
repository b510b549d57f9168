package io.poolrelay.upstreams.ses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.model.FromRewrite;
import io.poolrelay.config.model.SenderRewrite;
import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.MessageContent;
import io.poolrelay.upstreams.RecipientOutcome;
import io.poolrelay.upstreams.SmtpReply;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.Upstream;
import io.poolrelay.upstreams.UpstreamSignal;
import io.poolrelay.upstreams.rewrite.RewritingUpstream;
import io.poolrelay.upstreams.sesstub.RecordedSend;
import io.poolrelay.upstreams.sesstub.SesAnswer;
import io.poolrelay.upstreams.sesstub.SesErrorAnswers;
import io.poolrelay.upstreams.sesstub.SesStub;
import io.poolrelay.upstreams.sesstub.SigV4Authorization;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SesUpstream} through the real SDK client ({@link SesClients#create}: apache5, no SDK retries,
 * static credentials, endpoint override) against {@link SesStub}: what SES receives, byte for byte, and
 * what every SES answer and transport failure becomes as an outcome.
 */
class SesUpstreamIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** 8-bit bytes (Latin-1 é, 0x80, 0xFF), CRLF line ends, a line that is only a dot; no Bcc header. */
  private static final byte[] MESSAGE = ("From: \"App\" <app@app.example>\r\n"
      + "To: Reader <to@example.net>\r\n"
      + "Cc: cc@example.net\r\n"
      + "Subject: caf\u00e9 au lait\r\n"
      + "X-Campaign-Type: newsletter\r\n"
      + "MIME-Version: 1.0\r\n"
      + "Content-Type: text/plain; charset=iso-8859-1\r\n"
      + "Content-Transfer-Encoding: 8bit\r\n"
      + "\r\n"
      + "8-bit: \u0080\u00ff\u007f\r\n"
      + ".\r\n"
      + "last line\r\n").getBytes(StandardCharsets.ISO_8859_1);

  private static Envelope envelope(String sender, List<String> recipients) {
    Map<String, String> hints = new LinkedHashMap<>();
    hints.put("X-Campaign-Type", "newsletter");
    hints.put("X-Tenant", "acme corp"); // The space is not allowed in a tag: it becomes '_'.
    return new Envelope("q-1", sender, recipients, "marketing", hints);
  }

  private static Envelope envelope(List<String> recipients) {
    return envelope("app@app.example", recipients);
  }

  // ---- the request ----

  @Test
  void sesReceivesTheExactBytesTheEnvelopeRecipientsTheSenderTagsAndConfigurationSetSignedForTheRegion()
      throws InterruptedException {
    try (var ses = SesStub.start();
        var upstream = SesConfigs.at(ses.endpoint()).name("ses-main").region("eu-west-1")
            .configurationSet("relay-events").tags("env", "test", "team", "growth").upstream()) {
      // hidden@example.org is in no header: only the envelope says it gets the message (a Bcc).
      List<String> recipients = List.of("to@example.net", "cc@example.net", "hidden@example.org");

      TransactionResult result = upstream.deliver(envelope(recipients), MessageContent.of(MESSAGE));

      RecordedSend send = ses.takeSend(WAIT);
      assertArrayEquals(MESSAGE, send.rawData());
      assertEquals(recipients, send.recipients());
      assertEquals(Optional.of("app@app.example"), send.fromEmailAddress());
      assertEquals(List.of("campaign-type", "tenant", "pool", "upstream", "env", "team"),
          List.copyOf(send.tags().keySet()));
      assertEquals(Map.of("campaign-type", "newsletter", "tenant", "acme_corp", "pool", "marketing",
          "upstream", "ses-main", "env", "test", "team", "growth"), send.tags());
      assertEquals(Optional.of("relay-events"), send.configurationSetName());
      assertEquals(Optional.empty(), send.feedbackForwardingEmailAddress());
      SigV4Authorization auth = send.authorization().orElseThrow();
      assertEquals("AWS4-HMAC-SHA256", auth.algorithm());
      assertEquals(SesConfigs.KEY_ID, auth.accessKeyId());
      assertEquals("eu-west-1", auth.region());
      assertEquals("ses", auth.service());

      String messageId = send.messageId().orElseThrow();
      assertTrue(result.allDelivered(), result.toString());
      assertEquals(recipients, result.outcomes().stream().map(RecipientOutcome::recipient).toList());
      for (RecipientOutcome outcome : result.outcomes()) {
        DeliveryOutcome.Delivered delivered = assertInstanceOf(DeliveryOutcome.Delivered.class, outcome.outcome());
        assertEquals(messageId, delivered.upstreamId());
        assertEquals("250 2.0.0 SES accepted it as " + messageId, delivered.reply().toString());
      }
      assertEquals(Optional.empty(), result.signal());
      assertEquals("ses-main", result.upstream());
      assertEquals(List.of(), ses.unexpectedRequests());
    }
  }

  @Test
  void bounceWithTheNullSenderIsSentWithoutFromEmailAddress() throws InterruptedException {
    try (var ses = SesStub.start(); var upstream = SesConfigs.at(ses.endpoint()).upstream()) {
      TransactionResult result = upstream.deliver(envelope("", List.of("app@app.example")), MessageContent.of(MESSAGE));

      RecordedSend send = ses.takeSend(WAIT);
      assertEquals(Optional.empty(), send.fromEmailAddress());
      assertEquals(List.of("app@app.example"), send.to());
      assertArrayEquals(MESSAGE, send.rawData());
      assertTrue(result.allDelivered(), result.toString());
    }
  }

  // ---- more than 50 recipients ----

  @Test
  void fiftyOneRecipientsGoInTwoCallsAndEachRecipientCarriesItsOwnCallsMessageId() throws InterruptedException {
    List<String> recipients = recipients(51);
    try (var ses = SesStub.start(); var upstream = SesConfigs.at(ses.endpoint()).upstream()) {
      TransactionResult result = upstream.deliver(envelope(recipients), MessageContent.of(MESSAGE));

      List<RecordedSend> sends = ses.awaitSends(2, WAIT);
      assertEquals(2, sends.size());
      assertEquals(recipients.subList(0, 50), sends.get(0).to());
      assertEquals(recipients.subList(50, 51), sends.get(1).to());
      assertArrayEquals(MESSAGE, sends.get(1).rawData());
      String first = sends.get(0).messageId().orElseThrow();
      String second = sends.get(1).messageId().orElseThrow();
      assertFalse(first.equals(second));

      assertEquals(recipients, result.outcomes().stream().map(RecipientOutcome::recipient).toList());
      for (int i = 0; i < 51; i++) {
        DeliveryOutcome.Delivered delivered =
            assertInstanceOf(DeliveryOutcome.Delivered.class, result.outcomes().get(i).outcome());
        assertEquals(i < 50 ? first : second, delivered.upstreamId(), "message id of recipient " + i);
      }
      assertEquals(Optional.empty(), result.signal());
    }
  }

  @Test
  void whenTheSecondCallIsThrottledTheFirstFiftyAreDeliveredAndTheLastDeferredToAnotherMember()
      throws InterruptedException {
    List<String> recipients = recipients(51);
    try (var ses = SesStub.start(); var upstream = SesConfigs.at(ses.endpoint()).upstream()) {
      ses.enqueueSend(SesAnswer.success(), SesErrorAnswers.maximumSendingRateExceeded());

      TransactionResult result = upstream.deliver(envelope(recipients), MessageContent.of(MESSAGE));

      List<RecordedSend> sends = ses.awaitSends(2, WAIT);
      String first = sends.get(0).messageId().orElseThrow();
      for (int i = 0; i < 50; i++) {
        DeliveryOutcome.Delivered delivered =
            assertInstanceOf(DeliveryOutcome.Delivered.class, result.outcomes().get(i).outcome());
        assertEquals(first, delivered.upstreamId());
      }
      RecipientOutcome last = result.outcomes().get(50);
      assertEquals("r50@example.net", last.recipient());
      DeliveryOutcome.Deferred deferred = assertInstanceOf(DeliveryOutcome.Deferred.class, last.outcome());
      assertEquals(FailureScope.UPSTREAM, deferred.scope());
      assertFalse(deferred.ambiguous());
      assertEquals(451, deferred.reply().code());
      assertInstanceOf(UpstreamSignal.Throttled.class, result.signal().orElseThrow());
      assertEquals(2, ses.requestCount()); // No SDK retry of the throttled call.
    }
  }

  @Test
  void whenTheFirstCallIsThrottledTheSecondIsNotMadeAndEveryRecipientIsDeferredAlike() throws InterruptedException {
    try (var ses = SesStub.start(); var upstream = SesConfigs.at(ses.endpoint()).upstream()) {
      ses.enqueueSend(SesErrorAnswers.maximumSendingRateExceeded());

      TransactionResult result = upstream.deliver(envelope(recipients(51)), MessageContent.of(MESSAGE));

      assertEquals("Deferred UPSTREAM 451 4.7.0 Throttled", describe(result));
      assertEquals(51, result.outcomes().size());
      assertEquals(1, ses.requestCount());
    }
  }

  @Test
  void whenTheFirstCallGetsNoAnswerItsRecipientsWaitAndTheUnsentRestMayFailOver() throws InterruptedException {
    List<String> recipients = recipients(51);
    try (var ses = SesStub.start(); var upstream = SesConfigs.at(ses.endpoint()).upstream()) {
      ses.enqueueSend(SesAnswer.closeAfterRequest());

      TransactionResult result = upstream.deliver(envelope(recipients), MessageContent.of(MESSAGE));

      for (int i = 0; i < 50; i++) {
        DeliveryOutcome.Deferred deferred =
            assertInstanceOf(DeliveryOutcome.Deferred.class, result.outcomes().get(i).outcome());
        assertEquals(FailureScope.MESSAGE, deferred.scope());
        assertTrue(deferred.ambiguous());
      }
      DeliveryOutcome.Deferred rest = assertInstanceOf(DeliveryOutcome.Deferred.class, result.outcomes().get(50).outcome());
      assertEquals(FailureScope.UPSTREAM, rest.scope());
      assertFalse(rest.ambiguous());
      assertEquals("451 4.4.5 not sent: an earlier call for this message got no answer", rest.reply().toString());
      assertEquals(Optional.empty(), result.signal());
      assertEquals(1, ses.requestCount());
    }
  }

  // ---- the error table, end to end ----

  static Stream<Arguments> sesAnswers() {
    return Stream.of(
        row("429 TooManyRequests", SesErrorAnswers.maximumSendingRateExceeded(),
            "Deferred UPSTREAM 451 4.7.0 Throttled", "SES TooManyRequestsException: Maximum sending rate exceeded."),
        row("daily quota exceeded", SesErrorAnswers.dailyQuotaExceeded(),
            "Deferred UPSTREAM 451 4.7.0 QuotaExhausted", "SES LimitExceededException: Daily message quota exceeded."),
        row("AccountSuspended", SesErrorAnswers.accountSuspended(),
            "Deferred UPSTREAM 451 4.7.1 SendingStopped", "SES AccountSuspendedException: "),
        row("SendingPaused", SesErrorAnswers.sendingPaused(),
            "Deferred UPSTREAM 451 4.7.1 SendingStopped", "SES SendingPausedException: Account is paused."),
        row("MailFromDomainNotVerified", SesErrorAnswers.mailFromDomainNotVerified(),
            "Deferred UPSTREAM 451 4.3.5 no signal", "SES MailFromDomainNotVerifiedException: "),
        row("configuration set does not exist", SesErrorAnswers.configurationSetDoesNotExist("relay-events"),
            "Deferred UPSTREAM 451 4.3.5 no signal", "SES NotFoundException: Configuration set <relay-events> does not exist."),
        row("UnrecognizedClient", SesErrorAnswers.unrecognizedClient(),
            "Deferred UPSTREAM 454 4.7.0 no signal", "SES UnrecognizedClientException: "),
        row("InvalidSignature", SesErrorAnswers.invalidSignature(),
            "Deferred UPSTREAM 454 4.7.0 no signal", "SES InvalidSignatureException: "),
        row("ExpiredToken", SesErrorAnswers.expiredToken(),
            "Deferred UPSTREAM 454 4.7.0 no signal", "SES ExpiredTokenException: "),
        row("AccessDenied", SesErrorAnswers.accessDenied("ses:SendEmail"),
            "Deferred UPSTREAM 451 4.3.5 no signal", "SES AccessDeniedException: "),
        row("MessageRejected not verified", SesErrorAnswers.emailAddressNotVerified("us-east-1", "app@app.example"),
            "Rejected UPSTREAM 550 5.7.1 IdentityRefused", "SES MessageRejected: Email address is not verified."),
        row("MessageRejected otherwise", SesErrorAnswers.messageRejected("Message contained a virus."),
            "Rejected MESSAGE 550 5.7.1 no signal", "SES MessageRejected: Message contained a virus."),
        row("BadRequest", SesErrorAnswers.badRequest("Tag value contains invalid characters."),
            "Rejected MESSAGE 554 5.6.0 no signal", "SES BadRequestException: Tag value contains invalid characters."),
        row("500 InternalServiceError", SesErrorAnswers.internalServiceError(),
            "Deferred UPSTREAM 451 4.3.0 no signal", "SES InternalServiceErrorException: "),
        row("plain 503 HTML", SesErrorAnswers.serviceUnavailableHtml(),
            "Deferred UPSTREAM 451 4.3.0 no signal", "SES HTTP 503: "));
  }

  private static Arguments row(String label, SesAnswer answer, String outcome, String textStart) {
    return Arguments.of(label, answer, outcome, textStart);
  }

  /**
   * Each SES answer becomes the same outcome for every recipient; "no signal" with UPSTREAM scope is a
   * failure that counts toward marking the upstream down, a signal never does.
   */
  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("sesAnswers")
  void sesAnswerBecomesItsOutcomeThroughTheSdk(String label, SesAnswer answer, String outcome, String textStart)
      throws InterruptedException {
    try (var ses = SesStub.start(); var upstream = SesConfigs.at(ses.endpoint()).upstream()) {
      ses.enqueueSend(answer);

      TransactionResult result =
          upstream.deliver(envelope(List.of("a@example.net", "b@example.net")), MessageContent.of(MESSAGE));

      assertEquals(outcome, describe(result));
      SmtpReply reply = result.outcomes().getFirst().outcome().reply();
      assertTrue(reply.text().startsWith(textStart), reply.text());
      assertEquals("SendEmail", reply.command());
      assertEquals(1, ses.requestCount()); // The SDK did not retry.
      assertEquals(List.of(), ses.unexpectedRequests());
    }
  }

  @Test
  void connectionClosedAfterTheRequestIsAmbiguousAndWaitsForTheRetrySchedule() throws InterruptedException {
    try (var ses = SesStub.start(); var upstream = SesConfigs.at(ses.endpoint()).upstream()) {
      ses.enqueueSend(SesAnswer.closeAfterRequest());

      TransactionResult result = upstream.deliver(envelope(List.of("a@example.net")), MessageContent.of(MESSAGE));

      assertEquals("Deferred MESSAGE ambiguous 451 4.4.2 no signal", describe(result));
      assertArrayEquals(MESSAGE, ses.takeSend(WAIT).rawData()); // SES did get it: that is why it is ambiguous.
      assertEquals(1, ses.requestCount());
    }
  }

  @Test
  void stalledAnswerTimesOutAfterTheCommandTimeoutAndIsAmbiguous() throws InterruptedException {
    try (var ses = SesStub.start();
        var upstream = SesConfigs.at(ses.endpoint()).commandTimeout(Duration.ofMillis(500)).upstream()) {
      ses.enqueueSend(SesAnswer.stall());

      long start = System.nanoTime();
      TransactionResult result = upstream.deliver(envelope(List.of("a@example.net")), MessageContent.of(MESSAGE));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertEquals("Deferred MESSAGE ambiguous 451 4.4.2 no signal", describe(result));
      assertTrue(took.compareTo(Duration.ofMillis(450)) >= 0 && took.compareTo(WAIT) < 0, took.toString());
      assertEquals(1, ses.requestCount());
    }
  }

  @Test
  void refusedEndpointIsACleanFailoverNotAmbiguous() throws InterruptedException {
    try (var upstream = SesConfigs.at(SesStub.refusingEndpoint()).upstream()) {
      TransactionResult result = upstream.deliver(envelope(List.of("a@example.net")), MessageContent.of(MESSAGE));

      assertEquals("Deferred UPSTREAM 421 4.4.1 no signal", describe(result));
      assertTrue(result.outcomes().getFirst().outcome().reply().text().startsWith("SES endpoint not reached: "),
          result.toString());
    }
  }

  // ---- concurrency ----

  @Test
  void maxConnectionsTwoKeepsAtMostTwoCallsOpenAtSesWhateverTheNumberOfCallers() throws Exception {
    int callers = 5;
    // The callers' threads are closed last: should an assertion fail, closing the stub first lets held calls go.
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        var ses = SesStub.start();
        var upstream = SesConfigs.at(ses.endpoint()).maxConnections(2).commandTimeout(Duration.ofSeconds(30)).upstream()) {
      ses.holdAnswers();
      List<Future<TransactionResult>> deliveries = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        Envelope envelope = envelope(List.of("caller" + i + "@example.net"));
        deliveries.add(threads.submit(() -> upstream.deliver(envelope, MessageContent.of(MESSAGE))));
      }

      // Let the held calls go one at a time: each time, the next caller may start one call, never more.
      for (int released = 0; released < callers; released++) {
        int expected = Math.min(2, callers - released);
        ses.awaitHeld(expected, WAIT);
        assertTrue(ses.openRequestCount() <= 2, "open at SES: " + ses.openRequestCount());
        assertTrue(upstream.callsInFlight() <= 2, "calls in flight: " + upstream.callsInFlight());
        ses.releaseHeld(1);
      }

      List<String> messageIds = new ArrayList<>();
      for (Future<TransactionResult> delivery : deliveries) {
        TransactionResult result = delivery.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(result.allDelivered(), result.toString());
        messageIds.add(((DeliveryOutcome.Delivered) result.outcomes().getFirst().outcome()).upstreamId());
      }
      assertEquals(callers, messageIds.stream().distinct().count());
      assertEquals(callers, ses.requestCount());
      assertEquals(2, ses.peakOpenRequestCount());
    }
  }

  // ---- sender rewrite ----

  @Test
  void rewritingUpstreamSendsAsTheVerifiedSenderWithTheOriginalFromInReplyTo() throws InterruptedException {
    SenderRewrite rewrite = new SenderRewrite(Optional.of("bounces@mail.example.com"),
        Optional.of(new FromRewrite("news@mail.example.com", true)));
    String rest = "To: Reader <reader@example.net>\r\n"
        + "Subject: Gr\u00fc\u00dfe\r\n"
        + "\r\n"
        + "From: this body line is not a header\r\n";
    byte[] message = ("From: \"Jane Doe\" <jane@app.example>\r\n" + rest).getBytes(StandardCharsets.ISO_8859_1);
    try (var ses = SesStub.start();
        Upstream upstream = RewritingUpstream.wrap(SesConfigs.at(ses.endpoint()).name("ses-main").upstream(), rewrite)) {
      TransactionResult result = upstream.deliver(envelope(List.of("reader@example.net")), MessageContent.of(message));

      RecordedSend send = ses.takeSend(WAIT);
      assertEquals(Optional.of("bounces@mail.example.com"), send.fromEmailAddress());
      assertEquals("From: \"Jane Doe\" <news@mail.example.com>\r\n"
          + "Reply-To: \"Jane Doe\" <jane@app.example>\r\n"
          + rest, send.rawDataAsLatin1());
      assertEquals(List.of("reader@example.net"), send.to());
      // The rewrite changes the sender only: the attempt's pool and hints still become tags.
      assertEquals(Map.of("campaign-type", "newsletter", "tenant", "acme_corp", "pool", "marketing",
          "upstream", "ses-main"), send.tags());
      assertTrue(result.allDelivered(), result.toString());
    }
  }

  // ---- size ----

  @Test
  void acceptsSizeIsTrueAtExactlyTheEncodedLimitAndFalseOneByteOver() {
    long atLimit = SesUpstream.MAX_ENCODED_SIZE / 4 * 3; // 3 bytes become 4 in base64.
    assertEquals(SesUpstream.MAX_ENCODED_SIZE, SesUpstream.encodedSize(atLimit));
    assertTrue(SesUpstream.encodedSize(atLimit + 1) > SesUpstream.MAX_ENCODED_SIZE);
    try (var ses = SesStub.start(); var upstream = SesConfigs.at(ses.endpoint()).upstream()) {
      assertTrue(upstream.acceptsSize(atLimit));
      assertFalse(upstream.acceptsSize(atLimit + 1));
      assertTrue(RewritingUpstream.wrap(upstream, new SenderRewrite(Optional.of("b@mail.example.com"), Optional.empty()))
          .acceptsSize(atLimit));
    }
  }

  @Test
  void messageOverTheLimitIsRefusedForThisMemberWithoutACall() throws InterruptedException {
    long overLimit = SesUpstream.MAX_ENCODED_SIZE / 4 * 3 + 1;
    try (var ses = SesStub.start(); var upstream = SesConfigs.at(ses.endpoint()).upstream()) {
      TransactionResult result = upstream.deliver(envelope(List.of("a@example.net")), new SizedOnly(overLimit));

      assertEquals("Rejected UPSTREAM 552 5.3.4 no signal", describe(result));
      assertEquals(0, ses.requestCount());
    }
  }

  // ---- helpers ----

  private static List<String> recipients(int count) {
    return IntStream.range(0, count).mapToObj(i -> "r" + i + "@example.net").toList();
  }

  /**
   * "Deferred UPSTREAM 451 4.7.0 Throttled": the outcome every recipient got (they must all be the same),
   * with "ambiguous" when it is, and the signal's kind or "no signal".
   */
  private static String describe(TransactionResult result) {
    List<DeliveryOutcome> outcomes = result.outcomes().stream().map(RecipientOutcome::outcome).distinct().toList();
    assertEquals(1, outcomes.size(), "the recipients got different outcomes: " + result);
    DeliveryOutcome outcome = outcomes.getFirst();
    boolean ambiguous = outcome instanceof DeliveryOutcome.Deferred deferred && deferred.ambiguous();
    return outcome.getClass().getSimpleName() + " " + outcome.scope() + (ambiguous ? " ambiguous" : "") + " "
        + outcome.reply().code() + " " + outcome.reply().enhancedStatus() + " "
        + result.signal().map(s -> s.getClass().getSimpleName()).orElse("no signal");
  }

  /** Content that only knows its size: enough for a size check, and proof that nothing reads it. */
  private record SizedOnly(long size) implements MessageContent {

    @Override
    public void writeTo(OutputStream out) {
      throw new AssertionError("the content of an oversized message was read");
    }

    @Override
    public InputStream open() {
      throw new AssertionError("the content of an oversized message was read");
    }
  }
}
