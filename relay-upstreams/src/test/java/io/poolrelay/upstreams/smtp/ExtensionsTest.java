package io.poolrelay.upstreams.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExtensionsTest {

  private static Extensions ehlo(String wire) throws IOException {
    return Extensions.fromEhlo(ReplyParser.read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void keywordsAfterTheFirstLineAreRead() throws IOException {
    Extensions e = ehlo("250-mx.example.net\r\n250-PIPELINING\r\n250-SIZE 35882577\r\n250-8BITMIME\r\n"
        + "250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n");
    assertTrue(e.pipelining() && e.size() && e.eightBitMime() && e.startTls());
    assertEquals(Set.of("PLAIN", "LOGIN"), e.authMechanisms());
  }

  @Test
  void theServerNameLineIsNotAKeyword() throws IOException {
    Extensions e = ehlo("250-PIPELINING\r\n250 8BITMIME\r\n");
    assertFalse(e.pipelining());
    assertTrue(e.eightBitMime());
  }

  @Test
  void keywordsAreCaseInsensitiveAndTheOldAuthEqualsFormIsRead() throws IOException {
    Extensions e = ehlo("250-mx\r\n250-pipelining\r\n250 AUTH=login\r\n");
    assertTrue(e.pipelining());
    assertEquals(Set.of("LOGIN"), e.authMechanisms());
  }

  @Test
  void aSingleLineEhloReplyAnnouncesNothing() throws IOException {
    assertEquals(Extensions.none(), ehlo("250 mx.example.net\r\n"));
  }
}
