package io.poolrelay.upstreams.sesemulator;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One email as the emulator keeps it: parsed, not raw. For raw content the emulator takes the
 * recipients from the message's To, Cc and Bcc headers and ignores the request's Destination, and it keeps
 * no tags; byte-exact or envelope checks belong against {@code SesStub}.
 *
 * @param to addresses as the emulator's mail parser prints them, {@code "Name" <a@b>} or {@code a@b}
 * @param at when it arrived, in epoch seconds
 */
public record EmulatorEmail(
    String messageId,
    String from,
    List<String> to,
    List<String> cc,
    List<String> bcc,
    String subject,
    Optional<String> text,
    Optional<String> html,
    long at) {

  public EmulatorEmail {
    Objects.requireNonNull(messageId, "messageId");
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    bcc = List.copyOf(bcc);
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(html, "html");
  }
}
