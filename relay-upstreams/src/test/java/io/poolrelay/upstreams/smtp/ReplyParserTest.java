package io.poolrelay.upstreams.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyParserTest {

  private static ParsedReply parse(String wire) throws IOException {
    return ReplyParser.read(stream(wire));
  }

  private static InputStream stream(String wire) {
    return new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8));
  }

  private static String messageOf(String wire) {
    return assertThrows(MalformedReplyException.class, () -> parse(wire)).getMessage();
  }

  @Test
  void singleLineReplyGivesCodeAndText() throws IOException {
    ParsedReply reply = parse("220 mx.example.net ESMTP ready\r\n");
    assertEquals(220, reply.code());
    assertEquals("", reply.enhancedStatus());
    assertEquals("mx.example.net ESMTP ready", reply.text());
  }

  @Test
  void enhancedStatusIsSplitFromTheText() throws IOException {
    ParsedReply reply = parse("550 5.1.1 <bob@example.net>: user unknown\r\n");
    assertEquals(550, reply.code());
    assertEquals("5.1.1", reply.enhancedStatus());
    assertEquals("<bob@example.net>: user unknown", reply.text());
    assertEquals("MAIL", reply.toSmtpReply(Stage.MAIL).command());
  }

  @Test
  void multiLineReplyJoinsTextAndKeepsEachLine() throws IOException {
    ParsedReply reply = parse("250-mx.example.net\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 8BITMIME\r\n");
    assertEquals(250, reply.code());
    assertEquals(List.of("mx.example.net", "PIPELINING", "SIZE 1000", "8BITMIME"), reply.lines());
    assertEquals("mx.example.net PIPELINING SIZE 1000 8BITMIME", reply.text());
  }

  @Test
  void enhancedStatusRepeatedOnContinuationLinesIsShownOnce() throws IOException {
    ParsedReply reply = parse("452-4.2.2 mailbox full\r\n452 4.2.2 try again later\r\n");
    assertEquals("4.2.2", reply.enhancedStatus());
    assertEquals("mailbox full try again later", reply.text());
  }

  @Test
  void statusWhoseClassDiffersFromTheCodeIsLeftInTheText() throws IOException {
    ParsedReply reply = parse("250 5.0.0 looks like a status\r\n");
    assertEquals("", reply.enhancedStatus());
    assertEquals("5.0.0 looks like a status", reply.text());
  }

  @Test
  void codeWithoutTextIsAReply() throws IOException {
    assertEquals(250, parse("250\r\n").code());
    assertEquals("", parse("250 \r\n").text());
  }

  @Test
  void bareLfEndsALineToo() throws IOException {
    ParsedReply reply = parse("250-a\n250 b\n");
    assertEquals(List.of("a", "b"), reply.lines());
  }

  @Test
  void readsExactlyOneReplyAndLeavesTheNext() throws IOException {
    InputStream in = stream("250 2.1.0 ok\r\n550 5.1.1 no\r\n354 go\r\n");
    assertEquals(250, ReplyParser.read(in).code());
    assertEquals(550, ReplyParser.read(in).code());
    assertEquals(354, ReplyParser.read(in).code());
  }

  @Test
  void endOfStreamBeforeAReplyIsEof() {
    EOFException e = assertThrows(EOFException.class, () -> parse(""));
    assertTrue(e.getMessage().contains("before a reply"), e.getMessage());
  }

  @Test
  void endOfStreamInsideAMultiLineReplyIsEof() {
    EOFException e = assertThrows(EOFException.class, () -> parse("250-first\r\n250-sec"));
    assertTrue(e.getMessage().contains("middle"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc hello\r\n", "25\r\n", "2x0 ok\r\n", "150 too low\r\n", "650 too high\r\n",
      "260 second digit\r\n", "\r\n", " 250 leading space\r\n", "-250 dash\r\n"})
  void badCodesAreRejected(String wire) {
    assertTrue(messageOf(wire).contains("code") || messageOf(wire).contains("short"), messageOf(wire));
  }

  @Test
  void linesThatDisagreeOnTheCodeAreRejected() {
    assertEquals("reply mixes codes 250 and 550 on line 2", messageOf("250-ok\r\n550 no\r\n"));
  }

  @Test
  void separatorOtherThanSpaceOrDashIsRejected() {
    assertTrue(messageOf("250+ok\r\n").contains("'+' after the code"));
    assertTrue(messageOf("250\tok\r\n").contains("'\\x09' after the code"));
  }

  @Test
  void overlongLineIsRejectedWithoutReadingItAll() {
    String wire = "250 " + "x".repeat(ReplyParser.MAX_LINE_BYTES) + "\r\n";
    assertEquals("reply line longer than 4096 bytes", messageOf(wire));
  }

  @Test
  void lineOfExactlyTheLimitIsAcceptedAndOneByteMoreIsNot() throws IOException {
    String text = "x".repeat(ReplyParser.MAX_LINE_BYTES - 4);
    assertEquals(text, parse("250 " + text + "\r\n").text());
    assertEquals(text, parse("250 " + text + "\n").text());
    assertEquals("reply line longer than 4096 bytes", messageOf("250 " + text + "y\r\n"));
    assertEquals("reply line longer than 4096 bytes", messageOf("250 " + text + "y\n"));
  }

  @Test
  void tooManyLinesAreRejected() {
    String wire = "250-x\r\n".repeat(ReplyParser.MAX_LINES) + "250 end\r\n";
    assertEquals("reply has more than 100 lines", messageOf(wire));
  }

  @Test
  void endlessContinuationStopsAtTheLineLimit() {
    InputStream endless = new InputStream() {
      private final byte[] line = "250-more\r\n".getBytes(StandardCharsets.US_ASCII);
      private long position;

      @Override
      public int read() {
        return line[(int) (position++ % line.length)];
      }
    };
    assertThrows(MalformedReplyException.class, () -> ReplyParser.read(endless));
  }

  @Test
  void controlCharactersAreShownEscapedInErrors() {
    assertTrue(messageOf("\u0001\u0002\u0003\r\n").contains("\\x01\\x02\\x03"));
  }

  /** A cheap fuzz pass: random bytes must give a reply or an IOException, never anything else. */
  @Test
  void randomBytesNeverThrowAnythingButIoExceptions() {
    Random random = new Random(20261124);
    byte[] alphabet = "0123456789 -\r\n.abc25".getBytes(StandardCharsets.US_ASCII);
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
      }
      try {
        ParsedReply reply = ReplyParser.read(new ByteArrayInputStream(bytes));
        assertTrue(reply.code() >= 200 && reply.code() <= 559, "code " + reply.code());
        reply.toSmtpReply(Stage.RCPT);
      } catch (IOException expected) {
        // Malformed or truncated: the connection is dropped.
      }
    }
  }
}
