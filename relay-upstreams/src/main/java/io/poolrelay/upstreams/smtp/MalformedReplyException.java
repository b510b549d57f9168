package io.poolrelay.upstreams.smtp;

import java.io.IOException;

/** The peer sent bytes that are not a well-formed SMTP reply; the connection can't be trusted any more. */
public final class MalformedReplyException extends IOException {

  public MalformedReplyException(String message) {
    super(message);
  }
}
