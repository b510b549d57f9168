package io.poolrelay.upstreams.ses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.UpstreamSignal;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Every row of the SES error table, from the exception the SDK throws to the outcome and its scope. */
class SesErrorsTest {

  private static AwsServiceException service(int status, String code, String message) {
    return AwsServiceException.builder().statusCode(status).requestId("req-1")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
  }

  private static SdkClientException client(Throwable cause) {
    return SdkClientException.builder().message("Unable to execute HTTP request: " + cause.getMessage())
        .cause(cause).build();
  }

  @Test
  void tooManyRequestsIsThrottledAndFailsOverWithoutCountingTowardDown() {
    SesErrors.Failure failure = SesErrors.ofSend(
        service(429, "TooManyRequestsException", "Maximum sending rate exceeded."));

    DeliveryOutcome.Deferred deferred = assertInstanceOf(DeliveryOutcome.Deferred.class, failure.outcome());
    assertEquals(FailureScope.UPSTREAM, deferred.scope());
    assertFalse(deferred.ambiguous());
    assertInstanceOf(UpstreamSignal.Throttled.class, failure.signal().orElseThrow());
    assertEquals("451 4.7.0 SES TooManyRequestsException: Maximum sending rate exceeded. (request req-1)",
        deferred.reply().toString());
  }

  @Test
  void dailyQuotaExceededCapsTheUpstreamWhateverTheErrorType() {
    for (AwsServiceException e : new AwsServiceException[] {
        service(400, "LimitExceededException", "Daily message quota exceeded."),
        service(429, "TooManyRequestsException", "Daily message quota exceeded.")}) {
      SesErrors.Failure failure = SesErrors.ofSend(e);

      assertEquals(FailureScope.UPSTREAM, failure.outcome().scope());
      assertInstanceOf(UpstreamSignal.QuotaExhausted.class, failure.signal().orElseThrow());
    }
  }

  @Test
  void suspendedOrPausedAccountStopsTheUpstream() {
    for (String code : new String[] {"AccountSuspendedException", "SendingPausedException"}) {
      SesErrors.Failure failure = SesErrors.ofSend(service(400, code, "Account is paused."));

      assertInstanceOf(DeliveryOutcome.Deferred.class, failure.outcome());
      assertEquals(FailureScope.UPSTREAM, failure.outcome().scope());
      UpstreamSignal.SendingStopped stopped =
          assertInstanceOf(UpstreamSignal.SendingStopped.class, failure.signal().orElseThrow());
      assertTrue(stopped.reason().contains(code), stopped.reason());
      assertEquals(SesStage.ACCOUNT, failure.stage());
    }
  }

  @Test
  void configurationAndCredentialProblemsAreUpstreamFailuresThatCountTowardDown() {
    String[][] rows = {
        {"400", "MailFromDomainNotVerifiedException", "ACCOUNT"},
        {"404", "NotFoundException", "ACCOUNT"},
        {"403", "UnrecognizedClientException", "CREDENTIALS"},
        {"403", "InvalidSignatureException", "CREDENTIALS"},
        {"403", "ExpiredTokenException", "CREDENTIALS"},
        {"403", "AccessDeniedException", "ACCOUNT"}};
    for (String[] row : rows) {
      SesErrors.Failure failure = SesErrors.ofSend(service(Integer.parseInt(row[0]), row[1], "no"));

      DeliveryOutcome.Deferred deferred = assertInstanceOf(DeliveryOutcome.Deferred.class, failure.outcome(), row[1]);
      assertEquals(FailureScope.UPSTREAM, deferred.scope(), row[1]);
      assertFalse(deferred.ambiguous(), row[1]);
      assertTrue(failure.signal().isEmpty(), row[1] + " must count toward down");
      assertEquals(SesStage.valueOf(row[2]), failure.stage(), row[1]);
    }
  }

  @Test
  void unverifiedIdentityIsRefusedByThisMemberOnlyAndFailsOver() {
    SesErrors.Failure failure = SesErrors.ofSend(service(400, "MessageRejected",
        "Email address is not verified. The following identities failed the check in region US-EAST-1: a@b.example"));

    DeliveryOutcome.Rejected rejected = assertInstanceOf(DeliveryOutcome.Rejected.class, failure.outcome());
    assertEquals(FailureScope.UPSTREAM, rejected.scope());
    assertEquals(550, rejected.reply().code());
    assertInstanceOf(UpstreamSignal.IdentityRefused.class, failure.signal().orElseThrow());
  }

  @Test
  void otherRejectionsAndBadRequestsArePermanentForTheMessage() {
    SesErrors.Failure rejected = SesErrors.ofSend(service(400, "MessageRejected", "Email address contains a virus."));
    SesErrors.Failure bad = SesErrors.ofSend(service(400, "BadRequestException", "Illegal header."));

    assertEquals(new DeliveryOutcome.Rejected(rejected.outcome().reply(), FailureScope.MESSAGE), rejected.outcome());
    assertEquals(new DeliveryOutcome.Rejected(bad.outcome().reply(), FailureScope.MESSAGE), bad.outcome());
    assertEquals("554 5.6.0 SES BadRequestException: Illegal header. (request req-1)", bad.outcome().reply().toString());
    assertTrue(rejected.signal().isEmpty());
  }

  @Test
  void serverErrorsAndConnectFailuresAreTransientAndFailOver() {
    for (Throwable thrown : new Throwable[] {
        service(500, "InternalServiceErrorException", "oops"),
        service(503, null, null),
        client(new ConnectException("Connection refused")),
        client(new UnknownHostException("email.nowhere.invalid"))}) {
      DeliveryOutcome.Deferred deferred =
          assertInstanceOf(DeliveryOutcome.Deferred.class, SesErrors.ofSend(thrown).outcome(), thrown.toString());
      assertEquals(FailureScope.UPSTREAM, deferred.scope(), thrown.toString());
      assertFalse(deferred.ambiguous(), thrown.toString());
    }
  }

  @Test
  void noAnswerAfterTheRequestWasSentIsAmbiguousAndNeverFailsOverAtOnce() {
    for (Throwable cause : new Throwable[] {
        new SocketTimeoutException("Read timed out"), new IOException("Connection reset")}) {
      DeliveryOutcome.Deferred deferred =
          assertInstanceOf(DeliveryOutcome.Deferred.class, SesErrors.ofSend(client(cause)).outcome());

      assertTrue(deferred.ambiguous(), cause.toString());
      assertEquals(FailureScope.MESSAGE, deferred.scope());
    }
  }

  @Test
  void aReadThatGotNoAnswerIsAPlainFailureNotAnAmbiguousOne() {
    DeliveryOutcome.Deferred deferred = assertInstanceOf(DeliveryOutcome.Deferred.class,
        SesErrors.ofRead(client(new SocketTimeoutException("Read timed out"))).outcome());

    assertFalse(deferred.ambiguous());
    assertEquals(FailureScope.UPSTREAM, deferred.scope());
  }

  @Test
  void missingCredentialsAreACredentialsFailure() {
    SesErrors.Failure failure = SesErrors.ofRead(SdkClientException.create(
        "Unable to load credentials from any of the providers in the chain"));

    assertEquals(SesStage.CREDENTIALS, failure.stage());
  }
}
