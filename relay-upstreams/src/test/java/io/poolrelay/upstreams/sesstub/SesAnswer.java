package io.poolrelay.upstreams.sesstub;

import java.util.Objects;

/**
 * One scripted answer of the {@link SesStub} to one SES request, enqueued per operation with
 * {@link SesStub#enqueueSend} and {@link SesStub#enqueueAccount} and used once, in order (the shape of
 * MockWebServer's {@code enqueue}). Immutable; {@link SesErrorAnswers} has the common SES errors ready made.
 */
public sealed interface SesAnswer permits SesAnswer.Success, SesAnswer.AwsError, SesAnswer.PlainHttp, SesAnswer.Fault {

  /**
   * What the operation answers when nothing is scripted: SendEmail {@code 200 {"MessageId":...}} with a
   * fresh id, GetAccount {@code 200} with the stub's {@link StubAccount}.
   */
  record Success() implements SesAnswer {}

  /**
   * An error in the AWS rest-json shape SES v2 uses: {@code status}, the header
   * {@code x-amzn-ErrorType: <type>:http://internal.amazon.com/coral/com.amazon.coral.service/} and the
   * body {@code {"message":"<message>"}}. The SDK reads the type from that header (up to the first
   * {@code :}) and maps it to a modeled exception class; see the package documentation.
   *
   * @param type an AWS error code such as {@code TooManyRequestsException} or {@code MessageRejected}
   */
  record AwsError(int status, String type, String message) implements SesAnswer {
    public AwsError {
      requireStatus(status, 400);
      Objects.requireNonNull(type, "type");
      if (type.isBlank() || type.contains(":") || type.contains("\r") || type.contains("\n")) {
        throw new IllegalArgumentException("error type must be one word without ':' or line breaks, was '" + type + "'");
      }
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A bare HTTP answer without any AWS error type, as a load balancer or proxy in front of SES gives
   * ({@code 503} with an HTML page, say).
   */
  record PlainHttp(int status, String contentType, String body) implements SesAnswer {
    public PlainHttp {
      requireStatus(status, 200);
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
    }
  }

  /** No HTTP answer at all, only an act on the socket after the whole request was read. */
  record Fault(SocketFault fault) implements SesAnswer {
    public Fault {
      Objects.requireNonNull(fault, "fault");
    }
  }

  static SesAnswer success() {
    return new Success();
  }

  static SesAnswer error(int status, String type, String message) {
    return new AwsError(status, type, message);
  }

  static SesAnswer plain(int status, String contentType, String body) {
    return new PlainHttp(status, contentType, body);
  }

  /** See {@link SocketFault#CLOSE_AFTER_REQUEST}. */
  static SesAnswer closeAfterRequest() {
    return new Fault(SocketFault.CLOSE_AFTER_REQUEST);
  }

  /** See {@link SocketFault#STALL}. */
  static SesAnswer stall() {
    return new Fault(SocketFault.STALL);
  }

  private static void requireStatus(int status, int lowest) {
    if (status < lowest || status > 599) {
      throw new IllegalArgumentException("HTTP status must be in " + lowest + "..599, was " + status);
    }
  }
}
