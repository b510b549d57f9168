package io.poolrelay.upstreams.ses;

import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.SmtpReply;
import io.poolrelay.upstreams.UpstreamSignal;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What an SES failure means for the message and for the upstream: the table in the README, in code.
 * Scope decides who acts, as for SMTP replies: {@code UPSTREAM} sends the message to the pool's next
 * member at once, {@code MESSAGE} settles or defers it here. Where SES says something about the
 * account (throttled, out of quota, paused, an identity not verified) the failure carries an {@link
 * UpstreamSignal} and does not count toward marking the upstream down.
 *
 * <p>Transport failures are split by whether the request can have reached SES. A connection that was
 * never made (refused, no route, unknown host, TLS handshake, no free connection) is a plain failover.
 * Anything after the request went out without an answer (read timeout, connection reset or closed
 * without a response) is <b>ambiguous</b>: SES may have sent the message, so it waits for the retry
 * schedule and is never handed to another member at once.
 */
public final class SesErrors {

  /** A failure classified: the outcome for each recipient of the call, and what it says of the upstream. */
  public record Failure(DeliveryOutcome outcome, Optional<UpstreamSignal> signal, SesStage stage) {}

  private static final Set<String> CREDENTIAL_CODES = Set.of(
      "UnrecognizedClientException", "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature",
      "IncompleteSignatureException", "InvalidClientTokenId", "ExpiredTokenException", "ExpiredToken",
      "MissingAuthenticationToken", "MissingAuthenticationTokenException", "RequestExpired");
  private static final Set<String> ACCESS_CODES = Set.of("AccessDeniedException", "AccessDenied");

  private SesErrors() {
  }

  /** Classifies what a {@code SendEmail} call threw. */
  public static Failure ofSend(Throwable thrown) {
    if (thrown instanceof AwsServiceException service) {
      return service(service);
    }
    return transport(thrown, true);
  }

  /** Classifies what a {@code GetAccount} call threw (nothing is ambiguous about a read). */
  public static Failure ofRead(Throwable thrown) {
    if (thrown instanceof AwsServiceException service) {
      return service(service);
    }
    return transport(thrown, false);
  }

  /** Whether the service said the caller may not read or do this (an IAM policy without the action). */
  public static boolean isAccessDenied(Throwable thrown) {
    return thrown instanceof AwsServiceException service && ACCESS_CODES.contains(code(service));
  }

  private static Failure service(AwsServiceException e) {
    String code = code(e);
    String message = message(e);
    String said = "SES " + code + ": " + message + requestId(e);
    String lower = message.toLowerCase(Locale.ROOT);
    // The quota and rate errors are told apart by their text: SES has used more than one type for each.
    if (lower.contains("daily message quota exceeded")) {
      return signal(451, "4.7.0", said, new UpstreamSignal.QuotaExhausted("SES daily quota exceeded"));
    }
    if ("TooManyRequestsException".equals(code) || e.statusCode() == 429
        || lower.contains("maximum sending rate exceeded")
        || ("LimitExceededException".equals(code) && lower.contains("rate"))) {
      return signal(451, "4.7.0", said, new UpstreamSignal.Throttled("SES throttled: " + message));
    }
    if ("AccountSuspendedException".equals(code) || "SendingPausedException".equals(code)) {
      return new Failure(deferred(451, "4.7.1", said), Optional.of(new UpstreamSignal.SendingStopped(
          "SES " + code + ": " + message)), SesStage.ACCOUNT);
    }
    if (CREDENTIAL_CODES.contains(code)) {
      return new Failure(deferred(454, "4.7.0", said), Optional.empty(), SesStage.CREDENTIALS);
    }
    if (ACCESS_CODES.contains(code) || "MailFromDomainNotVerifiedException".equals(code)
        || "NotFoundException".equals(code)) {
      return new Failure(deferred(451, "4.3.5", said), Optional.empty(), SesStage.ACCOUNT);
    }
    if ("MessageRejected".equals(code) || "MessageRejectedException".equals(code)) {
      if (lower.contains("not verified")) {
        // A sandbox account, or a sender this account has not verified: another member may take it.
        return new Failure(new DeliveryOutcome.Rejected(reply(550, "5.7.1", said), FailureScope.UPSTREAM),
            Optional.of(new UpstreamSignal.IdentityRefused("SES: " + message)), SesStage.SEND);
      }
      return new Failure(rejected(550, "5.7.1", said), Optional.empty(), SesStage.SEND);
    }
    if ("BadRequestException".equals(code)) {
      return new Failure(rejected(554, "5.6.0", said), Optional.empty(), SesStage.SEND);
    }
    if (e.statusCode() >= 500) {
      return new Failure(deferred(451, "4.3.0", said), Optional.empty(), SesStage.ENDPOINT);
    }
    // An error this table does not know: another member may do better, and if none does the message
    // waits rather than bounce on a guess.
    return new Failure(deferred(451, "4.3.0", said), Optional.empty(), SesStage.SEND);
  }

  private static Failure transport(Throwable thrown, boolean requestMayHaveArrived) {
    String detail = describe(thrown);
    if (detail.contains("Unable to load credentials")) {
      return new Failure(deferred(454, "4.7.0", "SES credentials: " + detail), Optional.empty(),
          SesStage.CREDENTIALS);
    }
    if (neverConnected(thrown)) {
      return new Failure(deferred(421, "4.4.1", "SES endpoint not reached: " + detail), Optional.empty(),
          SesStage.ENDPOINT);
    }
    if (!requestMayHaveArrived) {
      return new Failure(deferred(421, "4.4.2", "SES gave no answer: " + detail), Optional.empty(),
          SesStage.ENDPOINT);
    }
    SmtpReply reply = reply(451, "4.4.2", "SES gave no answer after the request was sent (it may have sent the"
        + " message): " + detail);
    return new Failure(new DeliveryOutcome.Deferred(reply, FailureScope.MESSAGE, true), Optional.empty(),
        SesStage.SEND);
  }

  /**
   * Whether the failure happened before any byte of the request could reach SES. Read timeouts are
   * {@link InterruptedIOException}s too, so only the connect-time subclasses (by name, to stay clear of
   * the HTTP client's internals) count.
   */
  private static boolean neverConnected(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t instanceof SSLHandshakeException) {
        return true;
      }
      String name = t.getClass().getSimpleName();
      if (name.equals("ConnectTimeoutException") || name.equals("ConnectionRequestTimeoutException")
          || name.equals("ConnectionPoolTimeoutException")
          || (t.getMessage() != null && t.getMessage().contains("Timeout waiting for connection from pool"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String describe(Throwable thrown) {
    Throwable root = thrown;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String top = thrown instanceof SdkClientException && thrown.getMessage() != null ? thrown.getMessage() : thrown.toString();
    return root == thrown ? top : top + " (" + root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
  }

  private static String code(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return code == null || code.isBlank() ? "HTTP " + e.statusCode() : code;
  }

  private static String message(AwsServiceException e) {
    String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return message == null || message.isBlank() ? "(no message)" : message.strip();
  }

  private static String requestId(AwsServiceException e) {
    return e.requestId() == null || e.requestId().isBlank() ? "" : " (request " + e.requestId() + ")";
  }

  private static Failure signal(int code, String status, String text, UpstreamSignal signal) {
    return new Failure(deferred(code, status, text), Optional.of(signal), SesStage.ACCOUNT);
  }

  private static DeliveryOutcome deferred(int code, String status, String text) {
    return new DeliveryOutcome.Deferred(reply(code, status, text), FailureScope.UPSTREAM, false);
  }

  private static DeliveryOutcome rejected(int code, String status, String text) {
    return new DeliveryOutcome.Rejected(reply(code, status, text), FailureScope.MESSAGE);
  }

  static SmtpReply reply(int code, String status, String text) {
    return new SmtpReply(code, status, text.replace('\r', ' ').replace('\n', ' '), "SendEmail");
  }
}
