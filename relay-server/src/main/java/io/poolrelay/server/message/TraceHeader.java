package io.poolrelay.server.message;

import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Composes the RFC 5321 section 4.4 {@code Received:} header the relay adds to every message. It
 * names the client by its HELO and address (no reverse DNS: the relay serves known applications and a
 * lookup per message would cost more than it tells), names Pool Relay, carries the queue id, and
 * names the recipient only when there is exactly one, as other MTAs do, so as not to disclose a list.
 */
public final class TraceHeader {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final String hostname;
  private final InstantSource clock;

  public TraceHeader(String hostname, InstantSource clock) {
    this.hostname = hostname;
    this.clock = clock;
  }

  public byte[] compose(String helo, String clientAddress, String protocol, String queueId, String singleRecipient) {
    StringBuilder header = new StringBuilder(200);
    header.append("Received: from ").append(sanitize(helo.isEmpty() ? "unknown" : helo))
        .append(" ([").append(clientAddress).append("])\r\n")
        .append("\tby ").append(hostname).append(" (Pool Relay) with ").append(protocol)
        .append(" id ").append(queueId);
    if (singleRecipient != null) {
      header.append("\r\n\tfor <").append(sanitize(singleRecipient)).append('>');
    }
    header.append("; ").append(DATE.format(clock.instant())).append("\r\n");
    return header.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Keeps client-supplied text printable ASCII and bounded, so it cannot break the header. */
  private static String sanitize(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 255));
    for (int i = 0; i < text.length() && out.length() < 255; i++) {
      char c = text.charAt(i);
      out.append(c > 32 && c < 127 && c != '(' && c != ')' && c != ';' ? c : '_');
    }
    return out.toString();
  }
}
