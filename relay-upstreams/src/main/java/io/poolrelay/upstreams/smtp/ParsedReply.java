package io.poolrelay.upstreams.smtp;

import io.poolrelay.upstreams.SmtpReply;
import java.util.List;

/**
 * One complete reply as read from the wire.
 *
 * @param code           the reply code shared by every line
 * @param enhancedStatus RFC 3463 code from the first line, or empty
 * @param lines          the text of each line after the code and separator, as sent (EHLO keywords live here)
 * @param text           the lines without the enhanced status, joined by a space
 */
record ParsedReply(int code, String enhancedStatus, List<String> lines, String text) {

  ParsedReply {
    lines = List.copyOf(lines);
  }

  boolean isPositive() {
    return code >= 200 && code < 300;
  }

  boolean isTransient() {
    return code >= 400 && code < 500;
  }

  boolean isPermanent() {
    return code >= 500;
  }

  SmtpReply toSmtpReply(Stage stage) {
    return new SmtpReply(code, enhancedStatus, text, stage.command());
  }

  @Override
  public String toString() {
    return enhancedStatus.isEmpty() ? code + " " + text : code + " " + enhancedStatus + " " + text;
  }
}
