package io.poolrelay.upstreams.smtp;

import io.poolrelay.upstreams.SmtpReply;

/**
 * Setting up a session failed at {@code stage}; {@code reply} is the peer's, or one composed by
 * {@link Replies} when there was none. Carries no password and no message bytes.
 */
final class StageFailure extends Exception {

  private final Stage stage;
  private final SmtpReply reply;

  StageFailure(Stage stage, SmtpReply reply, Throwable cause) {
    super(stage + ": " + reply, cause, false, false);
    this.stage = stage;
    this.reply = reply;
  }

  StageFailure(Stage stage, SmtpReply reply) {
    this(stage, reply, null);
  }

  Stage stage() {
    return stage;
  }

  SmtpReply reply() {
    return reply;
  }
}
