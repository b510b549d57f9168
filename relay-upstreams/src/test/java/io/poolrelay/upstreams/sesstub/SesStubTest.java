package io.poolrelay.upstreams.sesstub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;
import software.amazon.awssdk.services.sesv2.model.InternalServiceErrorException;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/** Proves the stub against the real SDK client (SESv2 2.59.1 on the apache5 HTTP client, retries off). */
class SesStubTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  /** 8-bit bytes (Latin-1 é, 0x80, 0xFF), CRLF line ends and a line that is only a dot. */
  private static final byte[] MESSAGE = concat(
      "From: sender@example.org\r\nTo: rcpt@example.net\r\nSubject: caf".getBytes(StandardCharsets.US_ASCII),
      new byte[] {(byte) 0xE9},
      "\r\nContent-Transfer-Encoding: 8bit\r\n\r\n8-bit: ".getBytes(StandardCharsets.US_ASCII),
      new byte[] {(byte) 0x80, (byte) 0xFF, 0x7F},
      "\r\n.\r\nlast line\r\n".getBytes(StandardCharsets.US_ASCII));

  @Test
  void rawSendArrivesWithIdenticalBytesDestinationsTagsAndConfigurationSet() {
    try (var ses = SesStub.start(); var client = client(ses.endpoint())) {
      SendEmailResponse response = client.sendEmail(r -> r
          .fromEmailAddress("sender@example.org")
          .destination(d -> d.toAddresses("rcpt@example.net", "two@example.net").ccAddresses("cc@example.net")
              .bccAddresses("bcc@example.net"))
          .content(c -> c.raw(raw -> raw.data(SdkBytes.fromByteArray(MESSAGE))))
          .emailTags(tag("relay", "pool-1"), tag("tenant", "acme"), tag("attempt", "1"))
          .configurationSetName("relay-events")
          .feedbackForwardingEmailAddress("bounces@example.org"));

      RecordedSend send = ses.takeSend(WAIT);
      assertArrayEquals(MESSAGE, send.rawData());
      assertEquals("sender@example.org", send.fromEmailAddress().orElseThrow());
      assertEquals(List.of("rcpt@example.net", "two@example.net"), send.to());
      assertEquals(List.of("cc@example.net"), send.cc());
      assertEquals(List.of("bcc@example.net"), send.bcc());
      assertEquals(4, send.recipients().size());
      assertEquals(List.of("relay", "tenant", "attempt"), List.copyOf(send.tags().keySet()));
      assertEquals(Map.of("relay", "pool-1", "tenant", "acme", "attempt", "1"), send.tags());
      assertEquals("relay-events", send.configurationSetName().orElseThrow());
      assertEquals("bounces@example.org", send.feedbackForwardingEmailAddress().orElseThrow());
      assertTrue(send.accepted());
      assertEquals(200, send.status());
      assertEquals(response.messageId(), send.messageId().orElseThrow());
      assertEquals("0100018c-stub-000001", response.messageId());
      assertEquals(List.of(), ses.unexpectedRequests());
    }
  }

  @Test
  void eachSendGetsAFreshMessageIdOverOneKeptAliveConnection() {
    try (var ses = SesStub.start(); var client = client(ses.endpoint())) {
      String first = send(client).messageId();
      String second = send(client).messageId();

      assertFalse(first.equals(second));
      assertEquals(List.of(first, second), ses.awaitSends(2, WAIT).stream().map(s -> s.messageId().orElseThrow()).toList());
      assertEquals(1, ses.connectionCount());
      assertEquals(2, ses.requestCount());
    }
  }

  @Test
  void sendIsSigV4SignedForTheClientsRegionAndTheSesService() {
    try (var ses = SesStub.start(); var client = client(ses.endpoint())) {
      send(client);

      RecordedSend send = ses.takeSend(WAIT);
      SigV4Authorization auth = send.authorization().orElseThrow();
      assertEquals("AWS4-HMAC-SHA256", auth.algorithm());
      assertEquals("AKIDSTUBEXAMPLE", auth.accessKeyId());
      assertEquals("us-east-1", auth.region());
      assertEquals("ses", auth.service());
      assertTrue(auth.signedHeaders().containsAll(List.of("host", "x-amz-date", "content-type")), auth.signedHeaders().toString());
      assertEquals(64, auth.signature().length());
      assertEquals("application/json", send.header("Content-Type").orElseThrow());
    }
  }

  @Test
  void getAccountParsesEveryQuotaAndStatusField() {
    StubAccount account = StubAccount.sandbox().withMax24HourSend(1234.5).withMaxSendRate(7.25)
        .withSentLast24Hours(99).withSendingEnabled(false).withEnforcementStatus("PROBATION")
        .withSuppressedReasons(List.of("BOUNCE"));
    try (var ses = SesStub.start(account, true); var client = client(ses.endpoint())) {
      GetAccountResponse response = client.getAccount(r -> {});

      assertEquals(1234.5, response.sendQuota().max24HourSend());
      assertEquals(7.25, response.sendQuota().maxSendRate());
      assertEquals(99.0, response.sendQuota().sentLast24Hours());
      assertFalse(response.productionAccessEnabled());
      assertFalse(response.sendingEnabled());
      assertEquals("PROBATION", response.enforcementStatus());
      assertFalse(response.dedicatedIpAutoWarmupEnabled());
      assertEquals("TRANSACTIONAL", response.details().mailTypeAsString());
      assertEquals(List.of("BOUNCE"), response.suppressionAttributes().suppressedReasonsAsStrings());
      assertEquals(List.of("GET /v2/email/account -> 200 (connection 0)"),
          ses.requests().stream().map(RecordedRequest::toString).toList());
    }
  }

  @Test
  void unlimitedQuotaIsMinusOne() {
    try (var ses = SesStub.start(StubAccount.production().withMax24HourSend(-1), true); var client = client(ses.endpoint())) {
      assertEquals(-1.0, client.getAccount(r -> {}).sendQuota().max24HourSend());
    }
  }

  @Test
  void successfulSendsCountTheirRecipientsIntoSentLast24Hours() {
    try (var ses = SesStub.start(); var client = client(ses.endpoint())) {
      client.sendEmail(r -> r.destination(d -> d.toAddresses("a@example.net").ccAddresses("b@example.net")
          .bccAddresses("c@example.net")).content(c -> c.raw(raw -> raw.data(SdkBytes.fromByteArray(MESSAGE)))));
      ses.enqueueSend(SesErrorAnswers.maximumSendingRateExceeded());
      assertThrows(TooManyRequestsException.class, () -> send(client));

      assertEquals(3.0, client.getAccount(r -> {}).sendQuota().sentLast24Hours());
      assertEquals(3.0, ses.account().sentLast24Hours());
    }
  }

  @Test
  void sendsAreNotCountedWhenTheStubIsToldNotTo() {
    try (var ses = SesStub.start(StubAccount.production().withSentLast24Hours(10), false);
        var client = client(ses.endpoint())) {
      send(client);

      assertEquals(10.0, client.getAccount(r -> {}).sendQuota().sentLast24Hours());
    }
  }

  @Test
  void setAccountChangesWhatGetAccountAnswers() {
    try (var ses = SesStub.start(); var client = client(ses.endpoint())) {
      ses.setAccount(StubAccount.production().withEnforcementStatus("SHUTDOWN").withSendingEnabled(false));

      GetAccountResponse response = client.getAccount(r -> {});
      assertEquals("SHUTDOWN", response.enforcementStatus());
      assertFalse(response.sendingEnabled());
    }
  }

  static Stream<Arguments> sesErrors() {
    return Stream.of(
        Arguments.of(SesErrorAnswers.maximumSendingRateExceeded(), TooManyRequestsException.class, 429,
            "TooManyRequestsException", "Maximum sending rate exceeded."),
        Arguments.of(SesErrorAnswers.dailyQuotaExceeded(), LimitExceededException.class, 400,
            "LimitExceededException", "Daily message quota exceeded."),
        Arguments.of(SesErrorAnswers.emailAddressNotVerified("us-east-1", "a@b"), MessageRejectedException.class, 400,
            "MessageRejected",
            "Email address is not verified. The following identities failed the check in region US-EAST-1: a@b"),
        Arguments.of(SesErrorAnswers.accountSuspended(), AccountSuspendedException.class, 400, "AccountSuspendedException",
            "The message can't be sent because the account's ability to send email has been permanently restricted."),
        Arguments.of(SesErrorAnswers.sendingPaused(), SendingPausedException.class, 400, "SendingPausedException",
            "Account is paused."),
        Arguments.of(SesErrorAnswers.mailFromDomainNotVerified(), MailFromDomainNotVerifiedException.class, 400,
            "MailFromDomainNotVerifiedException", "The message can't be sent because the sending domain isn't verified."),
        Arguments.of(SesErrorAnswers.configurationSetDoesNotExist("relay-events"), NotFoundException.class, 404,
            "NotFoundException", "Configuration set <relay-events> does not exist."),
        Arguments.of(SesErrorAnswers.badRequest("Tag value contains invalid characters."), BadRequestException.class, 400,
            "BadRequestException", "Tag value contains invalid characters."),
        Arguments.of(SesErrorAnswers.internalServiceError(), InternalServiceErrorException.class, 500,
            "InternalServiceErrorException",
            "The request couldn't be processed because an error occurred with the Amazon SES API v2."),
        // Not modeled by sesv2: the base SesV2Exception, with the type as its error code.
        Arguments.of(SesErrorAnswers.unrecognizedClient(), SesV2Exception.class, 403, "UnrecognizedClientException",
            "The security token included in the request is invalid."),
        Arguments.of(SesErrorAnswers.invalidSignature(), SesV2Exception.class, 403, "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret"
                + " Access Key and signing method. Consult the service documentation for details."),
        Arguments.of(SesErrorAnswers.expiredToken(), SesV2Exception.class, 403, "ExpiredTokenException",
            "The security token included in the request is expired"),
        Arguments.of(SesErrorAnswers.accessDenied("ses:SendEmail"), SesV2Exception.class, 403, "AccessDeniedException",
            "User: arn:aws:iam::123456789012:user/poolrelay is not authorized to perform: ses:SendEmail because no"
                + " identity-based policy allows the ses:SendEmail action"));
  }

  @ParameterizedTest
  @MethodSource("sesErrors")
  void scriptedSendErrorBecomesTheSdksModeledException(
      SesAnswer answer, Class<? extends SesV2Exception> type, int status, String errorCode, String message) {
    try (var ses = SesStub.start(); var client = client(ses.endpoint())) {
      ses.enqueueSend(answer);

      SesV2Exception e = assertThrows(SesV2Exception.class, () -> send(client));
      assertSame(type, e.getClass(), e.toString());
      assertEquals(status, e.statusCode());
      assertEquals(errorCode, e.awsErrorDetails().errorCode());
      assertEquals(message, e.awsErrorDetails().errorMessage());

      RecordedSend refused = ses.takeSend(WAIT);
      assertFalse(refused.accepted());
      assertEquals(status, refused.status());
      assertEquals(1, ses.requestCount()); // Retries are off: one request.
    }
  }

  @Test
  void plain503WithoutAnErrorTypeBecomesTheBaseExceptionWithNoCodeAndNoMessage() {
    try (var ses = SesStub.start(); var client = client(ses.endpoint())) {
      ses.enqueueSend(SesErrorAnswers.serviceUnavailableHtml());

      SesV2Exception e = assertThrows(SesV2Exception.class, () -> send(client));
      assertSame(SesV2Exception.class, e.getClass());
      assertEquals(503, e.statusCode());
      assertNull(e.awsErrorDetails().errorCode());
      assertNull(e.awsErrorDetails().errorMessage());
      assertTrue(e.getMessage().startsWith("Service returned HTTP status code 503"), e.getMessage());
    }
  }

  @Test
  void scriptedAccountErrorBecomesTheModeledException() {
    try (var ses = SesStub.start(); var client = client(ses.endpoint())) {
      ses.enqueueAccount(SesErrorAnswers.maximumSendingRateExceeded());

      TooManyRequestsException e = assertThrows(TooManyRequestsException.class, () -> client.getAccount(r -> {}));
      assertEquals(429, e.statusCode());
      assertEquals(50_000.0, client.getAccount(r -> {}).sendQuota().max24HourSend());
    }
  }

  @Test
  void answersAreUsedOncePerOperationInOrderThenSuccess() {
    try (var ses = SesStub.start(); var client = client(ses.endpoint())) {
      ses.enqueueSend(SesErrorAnswers.maximumSendingRateExceeded(), SesErrorAnswers.dailyQuotaExceeded());
      ses.enqueueAccount(SesErrorAnswers.internalServiceError());

      assertThrows(TooManyRequestsException.class, () -> send(client));
      assertThrows(InternalServiceErrorException.class, () -> client.getAccount(r -> {}));
      assertThrows(LimitExceededException.class, () -> send(client));
      assertEquals("0100018c-stub-000001", send(client).messageId());
      assertEquals(List.of(429, 400, 200), ses.sends().stream().map(RecordedSend::status).toList());
    }
  }

  @Test
  void closeAfterRequestGivesNoHttpResponseAfterTheSendWasRecorded() {
    try (var ses = SesStub.start(); var client = client(ses.endpoint())) {
      ses.enqueueSend(SesAnswer.closeAfterRequest());

      SdkClientException e = assertThrows(SdkClientException.class, () -> send(client));
      assertSame(SdkClientException.class, e.getClass());
      assertEquals("org.apache.hc.core5.http.NoHttpResponseException", e.getCause().getClass().getName());

      RecordedSend send = ses.takeSend(WAIT);
      assertArrayEquals(MESSAGE, send.rawData()); // SES got the whole message; the client cannot know.
      assertFalse(send.accepted());
      assertEquals(0, send.status());
      assertEquals(1, ses.requestCount()); // Apache does not retry the POST on its own.
      assertEquals("0100018c-stub-000001", send(client).messageId()); // A new connection works.
    }
  }

  @Test
  void closeAfterRequestOnGetAccountIsNotRetriedByTheHttpClientEither() {
    try (var ses = SesStub.start(); var client = client(ses.endpoint())) {
      ses.enqueueAccount(SesAnswer.closeAfterRequest());

      SdkClientException e = assertThrows(SdkClientException.class, () -> client.getAccount(r -> {}));
      assertEquals("org.apache.hc.core5.http.NoHttpResponseException", e.getCause().getClass().getName());
      assertEquals(1, ses.requestCount());
    }
  }

  @Test
  void closeAtConnectLooksTheSameToTheClientAsCloseAfterRequest() {
    try (var ses = SesStub.start(); var client = client(ses.endpoint())) {
      ses.closeNextConnectionAtConnect();

      SdkClientException e = assertThrows(SdkClientException.class, () -> send(client));
      assertEquals("org.apache.hc.core5.http.NoHttpResponseException", e.getCause().getClass().getName());
      assertEquals(0, ses.requestCount()); // Nothing was read: SES never saw it.
      assertEquals(List.of(), ses.sends());
      assertEquals("0100018c-stub-000001", send(client).messageId());
      assertEquals(2, ses.connectionCount());
    }
  }

  @Test
  void stallGivesAnAttemptTimeoutWithApiCallAttemptTimeout() {
    try (var ses = SesStub.start();
        var client = client(ses.endpoint(), Duration.ofMillis(300), Duration.ofSeconds(30))) {
      ses.enqueueSend(SesAnswer.stall());

      ApiCallAttemptTimeoutException e = assertThrows(ApiCallAttemptTimeoutException.class, () -> send(client));
      assertNull(e.getCause());
      assertEquals(0, ses.takeSend(WAIT).status());
    }
  }

  @Test
  void stallGivesASocketReadTimeoutWithSocketTimeout() {
    try (var ses = SesStub.start(); var client = client(ses.endpoint(), null, Duration.ofMillis(300))) {
      ses.enqueueSend(SesAnswer.stall());

      SdkClientException e = assertThrows(SdkClientException.class, () -> send(client));
      assertSame(SdkClientException.class, e.getClass());
      assertInstanceOf(java.net.SocketTimeoutException.class, e.getCause());
      assertEquals(1, ses.awaitRequests(1, WAIT).size());
    }
  }

  @Test
  void refusedConnectionGivesHttpHostConnectException() {
    try (var client = client(SesStub.refusingEndpoint())) {
      SdkClientException e = assertThrows(SdkClientException.class, () -> send(client));
      assertEquals("org.apache.hc.client5.http.HttpHostConnectException", e.getCause().getClass().getName());
      assertInstanceOf(java.net.ConnectException.class, e.getCause());
    }
  }

  // ---- the HTTP side, with a raw socket ----

  @Test
  void chunkedRequestBodyIsAccepted() throws IOException {
    try (var ses = SesStub.start(); var socket = connect(ses)) {
      byte[] body = sendEmailJson(MESSAGE);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(("POST /v2/email/outbound-emails HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      int half = body.length / 2;
      request.writeBytes((Integer.toHexString(half) + ";ext=1\r\n").getBytes(StandardCharsets.US_ASCII));
      request.write(body, 0, half);
      request.writeBytes(("\r\n" + Integer.toHexString(body.length - half) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      request.write(body, half, body.length - half);
      request.writeBytes("\r\n0\r\nx-amz-checksum-crc32: AAAAAA==\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(request.toByteArray());

      RawResponse response = RawResponse.read(socket.getInputStream());
      assertEquals(200, response.status());
      assertEquals("{\"MessageId\":\"0100018c-stub-000001\"}", response.body());
      assertArrayEquals(MESSAGE, ses.takeSend(WAIT).rawData());
    }
  }

  @Test
  void expectContinueGets100BeforeTheBody() throws IOException {
    try (var ses = SesStub.start(); var socket = connect(ses)) {
      byte[] body = sendEmailJson(MESSAGE);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v2/email/outbound-emails HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
          + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

      assertEquals(100, RawResponse.read(socket.getInputStream()).status());
      out.write(body);
      assertEquals(200, RawResponse.read(socket.getInputStream()).status());
    }
  }

  @Test
  void unknownOperationGets404AndIsListedAsUnexpected() throws IOException {
    try (var ses = SesStub.start(); var socket = connect(ses)) {
      socket.getOutputStream().write("GET /v2/email/identities HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

      RawResponse response = RawResponse.read(socket.getInputStream());
      assertEquals(404, response.status());
      assertEquals("UnknownOperationException:http://internal.amazon.com/coral/com.amazon.coral.service/",
          response.headers().get("x-amzn-errortype"));
      assertEquals(List.of("connection 0: GET /v2/email/identities"), ses.unexpectedRequests());
    }
  }

  @Test
  void sendWithoutRawContentGets400AndIsListedAsUnexpected() throws IOException {
    try (var ses = SesStub.start(); var socket = connect(ses)) {
      byte[] body = "{\"Content\":{\"Simple\":{}}}".getBytes(StandardCharsets.US_ASCII);
      socket.getOutputStream().write(("POST /v2/email/outbound-emails HTTP/1.1\r\nHost: x\r\nContent-Length: "
          + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(body);

      assertEquals(400, RawResponse.read(socket.getInputStream()).status());
      assertEquals(1, ses.unexpectedRequests().size());
      assertEquals(List.of(), ses.sends());
    }
  }

  @Test
  void connectionCloseRequestIsAnsweredThenClosed() throws IOException {
    try (var ses = SesStub.start(); var socket = connect(ses)) {
      socket.getOutputStream().write("GET /v2/email/account HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));

      RawResponse response = RawResponse.read(socket.getInputStream());
      assertEquals("close", response.headers().get("connection"));
      assertEquals(-1, socket.getInputStream().read());
    }
  }

  @Test
  void closeReleasesAStalledConnection() throws IOException {
    var ses = SesStub.start();
    try (var socket = connect(ses)) {
      ses.enqueueAccount(SesAnswer.stall());
      socket.getOutputStream().write("GET /v2/email/account HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      ses.awaitRequests(1, WAIT);
      assertEquals(1, ses.openConnectionCount());

      ses.close(); // Throws if a connection thread outlived it.
      assertEquals(-1, socket.getInputStream().read());
    }
  }

  @Test
  void heldAnswersWaitForReleaseOldestFirstAndOpenRequestsAreCounted() throws Exception {
    try (var ses = SesStub.start(); var client = client(ses.endpoint());
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      ses.holdAnswers();
      var first = threads.submit(() -> send(client).messageId());
      ses.awaitHeld(1, WAIT);
      var second = threads.submit(() -> client.getAccount(r -> {}).sendQuota().max24HourSend());
      ses.awaitHeld(2, WAIT);

      assertEquals(2, ses.openRequestCount());
      assertEquals(1, ses.sends().size()); // Recorded when read, answered when let go.
      assertFalse(first.isDone());
      ses.releaseHeld(1);
      assertEquals("0100018c-stub-000001", first.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      assertEquals(1, ses.heldCount());
      assertFalse(second.isDone());
      ses.releaseHeld(2); // One for the held call, one spare that lets the next request through at once.
      assertEquals(50_000.0, second.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      assertEquals("0100018c-stub-000002", send(client).messageId());

      assertEquals(0, ses.heldCount());
      assertEquals(2, ses.peakOpenRequestCount());
    }
  }

  @Test
  void closeReleasesAHeldRequest() throws Exception {
    var ses = SesStub.start();
    try (var client = client(ses.endpoint()); var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      ses.holdAnswers();
      Future<Exception> caller = threads.submit(() -> {
        try {
          send(client);
          return null;
        } catch (SdkClientException e) {
          return e;
        }
      });
      ses.awaitHeld(1, WAIT);

      ses.close(); // Throws if the held connection's thread outlived it.
      assertInstanceOf(SdkClientException.class, caller.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  @Test
  void clearForgetsRecordsButKeepsScriptedAnswers() {
    try (var ses = SesStub.start(); var client = client(ses.endpoint())) {
      send(client);
      ses.enqueueSend(SesErrorAnswers.sendingPaused());
      ses.clear();

      assertEquals(List.of(), ses.sends());
      assertEquals(0, ses.requestCount());
      assertThrows(SendingPausedException.class, () -> send(client));
      assertEquals(1, ses.takeSend(WAIT).index()); // Indexes and message ids go on.
    }
  }

  @Test
  void takeSendFailsWithWhatTheStubSawWhenNothingArrives() {
    try (var ses = SesStub.start()) {
      AssertionError e = assertThrows(AssertionError.class, () -> ses.takeSend(Duration.ofMillis(50)));
      assertTrue(e.getMessage().contains("sends recorded: 0"), e.getMessage());
    }
  }

  @Test
  void signatureParserRefusesWhatIsNotSigV4() {
    assertTrue(SigV4Authorization.parse("Basic dXNlcjpwYXNz").isEmpty());
    assertTrue(SigV4Authorization.parse("AWS4-HMAC-SHA256 Credential=AKID/20261203/us-east-1/ses").isEmpty());
    assertTrue(SigV4Authorization.parse(null).isEmpty());
  }

  // ---- helpers ----

  /** Retries off, so each scripted answer is seen once; generous timeouts unless a test narrows one. */
  static SesV2Client client(URI endpoint) {
    return client(endpoint, null, Duration.ofSeconds(30));
  }

  static SesV2Client client(URI endpoint, Duration attemptTimeout, Duration socketTimeout) {
    return SesV2Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTUBEXAMPLE", "stub-secret")))
        .httpClient(Apache5HttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(socketTimeout).build())
        .overrideConfiguration(o -> {
          o.retryStrategy(AwsRetryStrategy.doNotRetry());
          if (attemptTimeout != null) {
            o.apiCallAttemptTimeout(attemptTimeout);
          }
        })
        .build();
  }

  private static SendEmailResponse send(SesV2Client client) {
    return client.sendEmail(r -> r.fromEmailAddress("sender@example.org")
        .destination(d -> d.toAddresses("rcpt@example.net"))
        .content(c -> c.raw(raw -> raw.data(SdkBytes.fromByteArray(MESSAGE)))));
  }

  private static MessageTag tag(String name, String value) {
    return MessageTag.builder().name(name).value(value).build();
  }

  private static byte[] sendEmailJson(byte[] raw) {
    return ("{\"Destination\":{\"ToAddresses\":[\"rcpt@example.net\"]},\"Content\":{\"Raw\":{\"Data\":\""
        + Base64.getEncoder().encodeToString(raw) + "\"}}}").getBytes(StandardCharsets.US_ASCII);
  }

  private static Socket connect(SesStub ses) throws IOException {
    Socket socket = new Socket("127.0.0.1", ses.port());
    socket.setSoTimeout((int) WAIT.toMillis());
    return socket;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** One response read off a raw socket: status line, headers (names lower-cased), Content-Length body. */
  private record RawResponse(int status, Map<String, String> headers, String body) {

    static RawResponse read(InputStream in) throws IOException {
      List<String> head = new ArrayList<>();
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        head.add(line);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String header : head.subList(1, head.size())) {
        int colon = header.indexOf(':');
        headers.put(header.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), header.substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      return new RawResponse(Integer.parseInt(head.getFirst().split(" ")[1]), headers, body);
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed in a response head");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
