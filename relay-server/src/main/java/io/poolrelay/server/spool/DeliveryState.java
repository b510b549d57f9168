package io.poolrelay.server.spool;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the queue remembers between attempts, in {@code <id>.state} next to a deferred message:
 * how many attempts were made, when the next is due, and which recipients are settled (delivered or
 * bounced) so that they are never sent again.
 */
public record DeliveryState(int attempts, Instant nextAttempt, Set<String> settled) {

  public DeliveryState {
    settled = Set.copyOf(settled);
  }

  public static DeliveryState fresh(Instant now) {
    return new DeliveryState(0, now, Set.of());
  }

  byte[] encode() {
    StringBuilder text = new StringBuilder();
    text.append("attempts ").append(attempts).append('\n');
    text.append("next ").append(nextAttempt.toEpochMilli()).append('\n');
    for (String recipient : settled) {
      text.append("settled ").append(FieldEscaping.escape(recipient)).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static DeliveryState decode(byte[] bytes) throws SpoolFormatException {
    int attempts = -1;
    Instant next = null;
    Set<String> settled = new LinkedHashSet<>();
    try {
      for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\n")) {
        if (line.isEmpty()) {
          continue;
        }
        int space = line.indexOf(' ');
        String key = space < 0 ? line : line.substring(0, space);
        String value = space < 0 ? "" : line.substring(space + 1);
        switch (key) {
          case "attempts" -> attempts = Integer.parseInt(value);
          case "next" -> next = Instant.ofEpochMilli(Long.parseLong(value));
          case "settled" -> settled.add(FieldEscaping.unescape(value));
          default -> throw new SpoolFormatException("unknown state line '" + line + "'", false);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new SpoolFormatException("malformed state file: " + e.getMessage(), false);
    }
    if (attempts < 0 || next == null) {
      throw new SpoolFormatException("state file lacks attempts or next", false);
    }
    return new DeliveryState(attempts, next, settled);
  }
}
