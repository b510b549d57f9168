package io.poolrelay.server.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class TraceHeaderTest {

  private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2024-11-23T22:13:20Z"));

  private static String compose(String helo, String recipient) {
    return new String(new TraceHeader("relay.test", CLOCK).compose(helo, "192.0.2.7", "ESMTP", "0ABCDEFGHJ12345",
        recipient), StandardCharsets.US_ASCII);
  }

  @Test
  void namesClientPoolRelayQueueIdAndSingleRecipient() {
    assertEquals("Received: from app.test ([192.0.2.7])\r\n"
        + "\tby relay.test (Pool Relay) with ESMTP id 0ABCDEFGHJ12345\r\n"
        + "\tfor <b@example.net>; Sat, 23 Nov 2024 22:13:20 +0000\r\n", compose("app.test", "b@example.net"));
  }

  @Test
  void omitsRecipientWhenThereIsMoreThanOne() {
    assertEquals("Received: from app.test ([192.0.2.7])\r\n"
        + "\tby relay.test (Pool Relay) with ESMTP id 0ABCDEFGHJ12345; Sat, 23 Nov 2024 22:13:20 +0000\r\n",
        compose("app.test", null));
  }

  @Test
  void emptyHeloIsUnknown() {
    assertTrue(compose("", null).startsWith("Received: from unknown ([192.0.2.7])\r\n"));
  }

  @Test
  void clientTextCannotBreakTheHeader() {
    String header = compose("evil\r\nBcc: x@y.z (comment); \u00e9", "a\r\nb@c.d");
    assertTrue(header.startsWith("Received: from evil__Bcc:_x@y.z__comment____ ([192.0.2.7])\r\n"), header);
    assertTrue(header.contains("\tfor <a__b@c.d>;"), header);
    assertEquals(3, header.split("\r\n", -1).length - 1, "line count: " + header);
  }

  @Test
  void longHeloIsCutSoTheLineStaysShort() {
    String header = compose("h".repeat(5000), null);
    for (String line : header.split("\r\n")) {
      assertTrue(line.length() < 998, "line of " + line.length());
    }
    assertTrue(header.contains("h".repeat(255) + " ("));
  }
}
