package io.poolrelay.server.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FieldEscapingTest {

  @Test
  void printableAsciiPassesUnchanged() {
    assertEquals("a@example.com", FieldEscaping.escape("a@example.com"));
  }

  @Test
  void spacePercentAndControlsAreEscaped() {
    assertEquals("a%20b%25c%0a%0d%09", FieldEscaping.escape("a b%c\n\r\t"));
  }

  @Test
  void utf8IsEscapedBytewise() {
    assertEquals("Gr%c3%bc%c3%9fe", FieldEscaping.escape("Grüße"));
  }

  @Test
  void escapedTextIsOneLineOfPrintableAscii() {
    String escaped = FieldEscaping.escape("x\ny z\u0000\u00ff😀");
    assertTrue(escaped.chars().allMatch(c -> c > 0x20 && c < 0x7f), escaped);
  }

  @Test
  void unescapeInvertsEscape() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 2000; i++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(20);
      for (int j = 0; j < length; j++) {
        value.appendCodePoint(random.nextBoolean() ? random.nextInt(0x20, 0x7f) : random.nextInt(0, 0x2FFF));
      }
      String text = value.toString().replaceAll("[\\uD800-\\uDFFF]", "?");
      assertEquals(text, FieldEscaping.unescape(FieldEscaping.escape(text)));
    }
  }

  @Test
  void unescapeAcceptsUpperCaseHex() {
    assertEquals("a b", FieldEscaping.unescape("a%20b"));
    assertEquals("ü", FieldEscaping.unescape("%C3%BC"));
  }

  @Test
  void truncatedEscapeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> FieldEscaping.unescape("abc%2"));
    assertThrows(IllegalArgumentException.class, () -> FieldEscaping.unescape("abc%"));
  }

  @Test
  void nonHexEscapeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> FieldEscaping.unescape("%zz"));
  }
}
