package io.poolrelay.upstreams.sesstub;

import java.util.Locale;
import java.util.Objects;

/**
 * The SES v2 errors an SES upstream has to classify, as {@link SesAnswer}s with their real status codes
 * and error types, so tests script "SES throttled us" rather than a status and a string.
 *
 * <p>Where the texts come from: "Maximum sending rate exceeded." and "Daily message quota exceeded." are
 * the texts AWS documents for the sending limits; the "Email address is not verified." text is SES's
 * sandbox and identity refusal; the auth texts are what AWS's front end answers for every service. The
 * other texts are the exception descriptions of the SES v2 API reference and were not captured from the
 * wire: classify SES errors by their type (and status), never by these texts. The daily quota's type is
 * {@code LimitExceededException} with 400 as other SES v2 clients observe it; AWS documents it only as
 * "a throttling error".
 */
public final class SesErrorAnswers {

  private SesErrorAnswers() {}

  /** 429 {@code TooManyRequestsException}: the per-second sending rate was exceeded. Transient. */
  public static SesAnswer maximumSendingRateExceeded() {
    return SesAnswer.error(429, "TooManyRequestsException", "Maximum sending rate exceeded.");
  }

  /** 400 {@code LimitExceededException}: the 24-hour quota is used up. Transient, for hours. */
  public static SesAnswer dailyQuotaExceeded() {
    return SesAnswer.error(400, "LimitExceededException", "Daily message quota exceeded.");
  }

  /**
   * 400 {@code MessageRejected} (the SDK's {@code MessageRejectedException}) for unverified identities,
   * as SES answers in the sandbox or for an unverified sender.
   *
   * @param region     the region as SES writes it, for example {@code us-east-1} (shown upper case)
   * @param identities the addresses or domains that failed the check
   */
  public static SesAnswer emailAddressNotVerified(String region, String... identities) {
    Objects.requireNonNull(region, "region");
    if (identities.length == 0) {
      throw new IllegalArgumentException("name at least one identity that failed the check");
    }
    return messageRejected("Email address is not verified. The following identities failed the check in region "
        + region.toUpperCase(Locale.ROOT) + ": " + String.join(", ", identities));
  }

  /** 400 {@code MessageRejected} with any text, for example a virus or a size refusal. Permanent for the message. */
  public static SesAnswer messageRejected(String message) {
    return SesAnswer.error(400, "MessageRejected", message);
  }

  /** 400 {@code AccountSuspendedException}: sending is permanently restricted for the account. */
  public static SesAnswer accountSuspended() {
    return SesAnswer.error(400, "AccountSuspendedException",
        "The message can't be sent because the account's ability to send email has been permanently restricted.");
  }

  /** 400 {@code SendingPausedException}: sending is paused for the account (or its configuration set). */
  public static SesAnswer sendingPaused() {
    return SesAnswer.error(400, "SendingPausedException", "Account is paused.");
  }

  /** 400 {@code MailFromDomainNotVerifiedException}: the custom MAIL FROM domain is not verified. */
  public static SesAnswer mailFromDomainNotVerified() {
    return SesAnswer.error(400, "MailFromDomainNotVerifiedException",
        "The message can't be sent because the sending domain isn't verified.");
  }

  /** 404 {@code NotFoundException}, for example for a configuration set that does not exist. */
  public static SesAnswer configurationSetDoesNotExist(String name) {
    return SesAnswer.error(404, "NotFoundException", "Configuration set <" + name + "> does not exist.");
  }

  /** 400 {@code BadRequestException}: the request itself is invalid (bad tag, too many recipients, ...). */
  public static SesAnswer badRequest(String message) {
    return SesAnswer.error(400, "BadRequestException", message);
  }

  /** 500 {@code InternalServiceErrorException}. Transient. */
  public static SesAnswer internalServiceError() {
    return SesAnswer.error(500, "InternalServiceErrorException",
        "The request couldn't be processed because an error occurred with the Amazon SES API v2.");
  }

  /** 503 with an HTML page and no AWS error type, as a front end that is overloaded answers. Transient. */
  public static SesAnswer serviceUnavailableHtml() {
    return SesAnswer.plain(503, "text/html",
        "<html><body><b>Http/1.1 Service Unavailable</b></body></html>");
  }

  /** 403 {@code UnrecognizedClientException}: the access key id is unknown. */
  public static SesAnswer unrecognizedClient() {
    return SesAnswer.error(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
  }

  /** 403 {@code InvalidSignatureException}: the secret key is wrong. */
  public static SesAnswer invalidSignature() {
    return SesAnswer.error(403, "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret"
            + " Access Key and signing method. Consult the service documentation for details.");
  }

  /** 403 {@code ExpiredTokenException}: temporary credentials (a session token) expired. */
  public static SesAnswer expiredToken() {
    return SesAnswer.error(403, "ExpiredTokenException", "The security token included in the request is expired");
  }

  /** 403 {@code AccessDeniedException}: the credentials are valid but IAM does not allow {@code action}. */
  public static SesAnswer accessDenied(String action) {
    return SesAnswer.error(403, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/poolrelay"
        + " is not authorized to perform: " + action + " because no identity-based policy allows the " + action + " action");
  }
}
