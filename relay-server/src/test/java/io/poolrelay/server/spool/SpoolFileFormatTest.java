package io.poolrelay.server.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class SpoolFileFormatTest {

  static final SpooledEnvelope ENVELOPE = new SpooledEnvelope("0ABCDEFGHJ12345", Instant.parse("2024-11-23T22:13:20.123Z"),
      "default", "127.0.0.1", "", "a@example.com", List.of("b@example.net", "c d@example.net"),
      Map.of("x-campaign", "spring sale ü", "x-category", "promo"), SpooledEnvelope.ORIGIN_SMTP);

  /** A whole spool file as FileSpool writes it. */
  static byte[] file(SpooledEnvelope envelope, byte[] message) {
    byte[] head = SpoolFileFormat.head(envelope, message.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head);
    out.writeBytes(message);
    return sealed(out.toByteArray());
  }

  /** Appends a valid trailer to {@code content}, whatever it is. */
  static byte[] sealed(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(content);
    out.writeBytes(SpoolFileFormat.trailer(crc, content.length));
    return out.toByteArray();
  }

  static final byte[] MESSAGE = "Subject: hi\r\n\r\nbody with \nEND lookalike\r\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void parseReturnsWhatWasWritten() throws java.io.IOException {
    StoredMessage stored = SpoolFileFormat.parse(file(ENVELOPE, MESSAGE));
    assertEquals(ENVELOPE, stored.envelope());
    assertArrayEquals(MESSAGE, stored.content().open().readAllBytes());
  }

  @Test
  void nullSenderAuthUserAndEmptyMessageRoundTrip() throws SpoolFormatException {
    SpooledEnvelope envelope = new SpooledEnvelope("0ABCDEFGHJ12345", Instant.ofEpochMilli(1), "l", "::1", "user one",
        "", List.of("b@example.net"), Map.of(), SpooledEnvelope.ORIGIN_DSN);
    StoredMessage stored = SpoolFileFormat.parse(file(envelope, new byte[0]));
    assertEquals(envelope, stored.envelope());
    assertEquals(0, stored.length());
  }

  @Test
  void headIsReadableText() {
    String head = new String(SpoolFileFormat.head(ENVELOPE, 10), StandardCharsets.US_ASCII);
    assertTrue(head.startsWith("POOLRELAY-SPOOL 1\nid 0ABCDEFGHJ12345\narrival 1732400000123\n"), head);
    assertTrue(head.contains("\nrcpt c%20d@example.net\n"), head);
    assertTrue(head.endsWith("\nsize 10\n\n"), head);
  }

  @Test
  void truncatedFileIsTorn() {
    byte[] whole = file(ENVELOPE, MESSAGE);
    for (int length : new int[] {0, 10, whole.length / 2, whole.length - SpoolFileFormat.TRAILER_LENGTH, whole.length - 1}) {
      SpoolFormatException e = assertThrows(SpoolFormatException.class,
          () -> SpoolFileFormat.parse(Arrays.copyOf(whole, length)), "length " + length);
      assertTrue(e.torn(), "length " + length + ": " + e.getMessage());
    }
  }

  @Test
  void flippedMessageByteIsChecksumMismatchNotTorn() {
    byte[] whole = file(ENVELOPE, MESSAGE);
    whole[whole.length - SpoolFileFormat.TRAILER_LENGTH - 3] ^= 0x20;
    SpoolFormatException e = assertThrows(SpoolFormatException.class, () -> SpoolFileFormat.parse(whole));
    assertFalse(e.torn());
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
  }

  @Test
  void flippedHeadByteIsChecksumMismatchNotTorn() {
    byte[] whole = file(ENVELOPE, MESSAGE);
    whole[25] ^= 0x01;
    SpoolFormatException e = assertThrows(SpoolFormatException.class, () -> SpoolFileFormat.parse(whole));
    assertFalse(e.torn());
  }

  @Test
  void flippedTrailerByteOfACompleteFileIsCorruptionNotTorn() {
    // The file has every byte it should have: this is damage, not an unfinished write, so it must be
    // quarantined rather than discarded as torn.
    byte[] good = file(ENVELOPE, MESSAGE);
    for (int i = good.length - SpoolFileFormat.TRAILER_LENGTH; i < good.length; i++) {
      byte[] whole = good.clone();
      whole[i] ^= 0x04;
      int at = i;
      SpoolFormatException e = assertThrows(SpoolFormatException.class, () -> SpoolFileFormat.parse(whole));
      assertFalse(e.torn(), "flip at trailer byte " + (at - (good.length - SpoolFileFormat.TRAILER_LENGTH))
          + ": " + e.getMessage());
    }
  }

  @Test
  void trailerLengthThatDisagreesWithTheFileIsRefused() {
    byte[] head = SpoolFileFormat.head(ENVELOPE, MESSAGE.length);
    byte[] content = new byte[head.length + MESSAGE.length];
    System.arraycopy(head, 0, content, 0, head.length);
    System.arraycopy(MESSAGE, 0, content, head.length, MESSAGE.length);
    CRC32C crc = new CRC32C();
    crc.update(content);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(content);
    out.writeBytes(SpoolFileFormat.trailer(crc, content.length + 1));
    SpoolFormatException e = assertThrows(SpoolFormatException.class, () -> SpoolFileFormat.parse(out.toByteArray()));
    assertFalse(e.torn());
  }

  @Test
  void sizeFieldThatDisagreesWithTheMessageIsRefused() {
    byte[] head = SpoolFileFormat.head(ENVELOPE, MESSAGE.length + 1);
    byte[] content = new byte[head.length + MESSAGE.length];
    System.arraycopy(head, 0, content, 0, head.length);
    System.arraycopy(MESSAGE, 0, content, head.length, MESSAGE.length);
    SpoolFormatException e = assertThrows(SpoolFormatException.class, () -> SpoolFileFormat.parse(sealed(content)));
    assertFalse(e.torn());
  }

  @Test
  void wrongMagicIsRefused() {
    String text = "POOLRELAY-SPOOL 2\nid x\n\n";
    assertThrows(SpoolFormatException.class,
        () -> SpoolFileFormat.parse(sealed(text.getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void malformedNumbersInAChecksummedHeadAreFormatErrors() {
    // A file with a valid trailer but a head this version cannot read (another writer, a bug) must
    // be reported as a format error so it is quarantined, not thrown as a RuntimeException.
    for (String bad : new String[] {"size abc", "size 99999999999", "arrival soon", "arrival 99999999999999999999"}) {
      String head = "POOLRELAY-SPOOL 1\nid 0ABCDEFGHJ12345\narrival 1\nlistener l\nclient c\nauth -\nfrom a@b.c\n"
          + "rcpt d@e.f\norigin smtp\nsize 0\n\n";
      String key = bad.substring(0, bad.indexOf(' '));
      head = head.replaceFirst("\n" + key + " [^\n]*\n", "\n" + bad + "\n");
      byte[] file = sealed(head.getBytes(StandardCharsets.US_ASCII));
      assertThrows(SpoolFormatException.class, () -> SpoolFileFormat.parse(file), bad);
    }
  }

  @Test
  void headWithoutSenderOrRecipientsIsRefused() {
    String head = "POOLRELAY-SPOOL 1\nid 0ABCDEFGHJ12345\narrival 1\nlistener l\nclient c\nauth -\n"
        + "origin smtp\nsize 0\n\n";
    assertThrows(SpoolFormatException.class,
        () -> SpoolFileFormat.parse(sealed(head.getBytes(StandardCharsets.US_ASCII))));
  }
}
