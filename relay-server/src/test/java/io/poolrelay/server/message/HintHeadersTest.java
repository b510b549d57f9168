package io.poolrelay.server.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HintHeadersTest {

  private static final byte[] TRACE = "Received: test\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final List<String> NAMES = List.of("X-Campaign-Type", "X-Campaign", "X-Category");

  private static RewrittenMessage rewrite(boolean strip, String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    return new HintHeaders(NAMES, strip).rewrite(bytes, bytes.length, TRACE);
  }

  private static String text(RewrittenMessage message) {
    return new String(message.bytes(), 0, message.length(), StandardCharsets.UTF_8);
  }

  @Test
  void stripRemovesHintHeadersAndKeepsTheRest() {
    RewrittenMessage out = rewrite(true, "From: a\r\nX-Campaign: spring\r\nSubject: s\r\nx-category: promo\r\n\r\nbody\r\n");
    assertEquals("Received: test\r\nFrom: a\r\nSubject: s\r\n\r\nbody\r\n", text(out));
    assertEquals(Map.of("x-campaign", "spring", "x-category", "promo"), out.hints());
  }

  @Test
  void foldedHintHeaderIsRemovedWithItsContinuationLines() {
    RewrittenMessage out = rewrite(true, "X-Campaign: spring\r\n  sale\r\n\tmore\r\nSubject: s\r\n\r\nb\r\n");
    assertEquals("Received: test\r\nSubject: s\r\n\r\nb\r\n", text(out));
    assertEquals("spring  sale more", out.hints().get("x-campaign"));
  }

  @Test
  void keepLeavesTheBytesAndStillReadsTheHints() {
    String message = "X-Campaign: spring\r\n  sale\r\nSubject: s\r\n\r\nb\r\n";
    RewrittenMessage out = rewrite(false, message);
    assertEquals("Received: test\r\n" + message, text(out));
    assertEquals(Map.of("x-campaign", "spring  sale"), out.hints()); // RFC 5322 unfolding removes only the CRLF
  }

  @Test
  void firstOccurrenceOfAHintWinsAndAllAreStripped() {
    RewrittenMessage out = rewrite(true, "X-Campaign: first\r\nX-CAMPAIGN: second\r\n\r\nb\r\n");
    assertEquals(Map.of("x-campaign", "first"), out.hints());
    assertEquals("Received: test\r\n\r\nb\r\n", text(out));
  }

  @Test
  void hintLookalikeInTheBodyIsNotTouched() {
    RewrittenMessage out = rewrite(true, "Subject: s\r\n\r\nX-Campaign: body text\r\n");
    assertEquals("Received: test\r\nSubject: s\r\n\r\nX-Campaign: body text\r\n", text(out));
    assertEquals(Map.of(), out.hints());
  }

  @Test
  void headerWhoseNameOnlyStartsWithAHintNameIsKept() {
    RewrittenMessage out = rewrite(true, "X-Campaign-Id: 7\r\n\r\nb\r\n");
    assertEquals("Received: test\r\nX-Campaign-Id: 7\r\n\r\nb\r\n", text(out));
  }

  @Test
  void headersOnlyMessageWithOnlyAHintBecomesJustTheTrace() {
    assertEquals("Received: test\r\n", text(rewrite(true, "X-Category: promo\r\n")));
  }

  @Test
  void emptyMessageBecomesJustTheTrace() {
    assertEquals("Received: test\r\n", text(rewrite(true, "")));
  }

  @Test
  void eightBitHintValueIsReadAsUtf8() {
    assertEquals("Grüße", rewrite(true, "X-Campaign: Grüße\r\n\r\n").hints().get("x-campaign"));
  }
}
