package io.poolrelay.server.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderSectionTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> names(String message) {
    byte[] bytes = bytes(message);
    return HeaderSection.fields(bytes, bytes.length).stream().map(HeaderField::name).toList();
  }

  @Test
  void fieldsEndAtTheEmptyLine() {
    assertEquals(List.of("From", "Subject"), names("From: a@b.c\r\nSubject: hi\r\n\r\nX-Not: header\r\n"));
  }

  @Test
  void foldedFieldSpansItsContinuationLines() {
    byte[] message = bytes("Subject: one\r\n two\r\n\tthree\r\nTo: x\r\n\r\n");
    List<HeaderField> fields = HeaderSection.fields(message, message.length);
    assertEquals(2, fields.size());
    HeaderField subject = fields.get(0);
    assertEquals(0, subject.start());
    assertEquals("Subject: one\r\n two\r\n\tthree\r\n".length(), subject.end());
    assertEquals("one two three", HeaderSection.unfoldedValue(message, subject));
  }

  @Test
  void sectionEndsAtALineThatIsNotAField() {
    assertEquals(List.of("From"), names("From: a@b.c\r\nthis is body text\r\nSubject: late\r\n"));
  }

  @Test
  void fieldNameWithSpaceEndsTheSection() {
    assertEquals(List.of(), names("Sub ject: x\r\n\r\n"));
  }

  @Test
  void whiteSpaceBeforeTheColonIsObsoleteSyntaxNotTheEndOfTheSection() {
    // Mail readers accept "Name : value" (RFC 5322 obs-optional), so the relay must see the field too.
    assertEquals(List.of("X-Campaign", "Subject"), names("X-Campaign \t: spring\r\nSubject: s\r\n\r\n"));
  }

  @Test
  void emptyFieldNameIsNotAField() {
    assertEquals(List.of(), names(": x\r\n"));
  }

  @Test
  void headersOnlyMessageHasAllFields() {
    assertEquals(List.of("From", "Subject"), names("From: a@b.c\r\nSubject: no body\r\n"));
  }

  @Test
  void emptyMessageHasNoFields() {
    assertEquals(List.of(), names(""));
  }

  @Test
  void messageStartingWithEmptyLineHasNoFields() {
    assertEquals(List.of(), names("\r\nSubject: body\r\n"));
  }

  @Test
  void lengthBoundsTheScan() {
    byte[] message = bytes("A: 1\r\nB: 2\r\n");
    assertEquals(1, HeaderSection.fields(message, 6).size());
  }

  @Test
  void emptyValueUnfoldsToEmptyString() {
    byte[] message = bytes("X-Campaign:\r\n\r\n");
    assertEquals("", HeaderSection.unfoldedValue(message, HeaderSection.fields(message, message.length).get(0)));
  }
}
