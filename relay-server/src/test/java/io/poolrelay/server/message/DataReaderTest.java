package io.poolrelay.server.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.model.LineEndingPolicy;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataReaderTest {

  /** What a client sends after 354 for {@code content}: the content, then {@code CRLF.CRLF}. */
  private static byte[] wire(String content) {
    String terminator = content.isEmpty() || content.endsWith("\r\n") ? ".\r\n" : "\r\n.\r\n";
    return (content + terminator).getBytes(StandardCharsets.ISO_8859_1);
  }

  private static DataReader.Result read(String content, long max, LineEndingPolicy policy) throws IOException {
    return new DataReader(max, policy).read(new ByteArrayInputStream(wire(content)));
  }

  private static String text(DataReader.Result result) {
    return new String(result.buffer(), 0, result.length(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void crlfMessagePassesUnchanged() throws IOException {
    DataReader.Result result = read("Subject: x\r\n\r\nbody\r\n", 1000, LineEndingPolicy.REJECT);
    assertEquals(DataProblem.NONE, result.problem());
    assertEquals("Subject: x\r\n\r\nbody\r\n", text(result));
  }

  @Test
  void firstLineIsDotUnstuffed() throws IOException {
    assertEquals(".first\r\n", text(read("..first\r\n", 1000, LineEndingPolicy.REJECT)));
  }

  @Test
  void everyLaterLineIsDotUnstuffedOnce() throws IOException {
    assertEquals("a\r\n.b\r\n..c\r\nd.e\r\n", text(read("a\r\n..b\r\n...c\r\nd.e\r\n", 1000, LineEndingPolicy.REJECT)));
  }

  @Test
  void terminatorAtOnceIsAnEmptyMessage() throws IOException {
    DataReader.Result result = read("", 1000, LineEndingPolicy.REJECT);
    assertEquals(DataProblem.NONE, result.problem());
    assertEquals(0, result.length());
  }

  @Test
  void readingStopsRightAfterTheTerminatorSoPipelinedCommandsStay() throws IOException {
    InputStream in = new ByteArrayInputStream("a\r\n.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals("a\r\n", text(new DataReader(1000, LineEndingPolicy.REJECT).read(in)));
    assertEquals("QUIT\r\n", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
  }

  @Test
  void terminatorSplitAcrossChunksIsFoundAtEveryOffset() throws IOException {
    for (int size = 16 * 1024 - 8; size <= 16 * 1024 + 8; size++) {
      String content = "x".repeat(size - 2) + "\r\n";
      InputStream in = new ByteArrayInputStream((content + ".\r\nNOOP\r\n").getBytes(StandardCharsets.US_ASCII));
      DataReader.Result result = new DataReader(1_000_000, LineEndingPolicy.REJECT).read(in);
      assertEquals(size, result.length(), "content of " + size + " bytes");
      assertEquals("NOOP\r\n", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    }
  }

  @Test
  void connectionClosedBeforeTheTerminatorIsAnError() {
    InputStream in = new ByteArrayInputStream("a\r\nno end".getBytes(StandardCharsets.US_ASCII));
    assertThrows(EOFException.class, () -> new DataReader(1000, LineEndingPolicy.REJECT).read(in));
  }

  @Test
  void bareLfIsRefusedUnderReject() throws IOException {
    assertEquals(DataProblem.BARE_LINE_ENDING, read("a\nb\r\n", 1000, LineEndingPolicy.REJECT).problem());
  }

  @Test
  void bareCrIsRefusedUnderReject() throws IOException {
    assertEquals(DataProblem.BARE_LINE_ENDING, read("a\rb\r\n", 1000, LineEndingPolicy.REJECT).problem());
  }

  @Test
  void crBeforeTheTerminatorIsRefusedUnderReject() throws IOException {
    assertEquals(DataProblem.BARE_LINE_ENDING, read("a\r", 1000, LineEndingPolicy.REJECT).problem());
  }

  @Test
  void smugglingPayloadsAreRefusedAndReadToTheRealEnd() throws IOException {
    for (String payload : new String[] {"x\n.\nMAIL FROM:<e@x.y>\r\n", "x\n.\r\nMAIL FROM:<e@x.y>\r\n",
        "x\r.\r\nMAIL FROM:<e@x.y>\r\n", "x\r\n.\nMAIL FROM:<e@x.y>\r\n"}) {
      InputStream in = new ByteArrayInputStream((payload + ".\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
      assertEquals(DataProblem.BARE_LINE_ENDING, new DataReader(1000, LineEndingPolicy.REJECT).read(in).problem(), payload);
      assertEquals("QUIT\r\n", new String(in.readAllBytes(), StandardCharsets.US_ASCII), payload);
    }
  }

  @Test
  void normalizeTurnsBareCrAndLfIntoCrlf() throws IOException {
    DataReader.Result result = read("a\nb\rc\r\r\nd\r\n", 1000, LineEndingPolicy.NORMALIZE);
    assertEquals(DataProblem.NONE, result.problem());
    assertEquals("a\r\nb\r\nc\r\n\r\nd\r\n", text(result));
  }

  @Test
  void underNormalizeABareLfDotCrlfIsContentNotTheEnd() throws IOException {
    InputStream in = new ByteArrayInputStream("x\n.\r\nMAIL FROM:<e@x.y>\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
    DataReader.Result result = new DataReader(1000, LineEndingPolicy.NORMALIZE).read(in);
    assertEquals("x\r\n.\r\nMAIL FROM:<e@x.y>\r\n", text(result));
    assertEquals(-1, in.read());
  }

  @Test
  void messageOfExactlyTheLimitIsAccepted() throws IOException {
    DataReader.Result result = read("12345678\r\n", 10, LineEndingPolicy.REJECT);
    assertEquals(DataProblem.NONE, result.problem());
    assertEquals(10, result.length());
  }

  @Test
  void oneByteOverTheLimitIsTooBig() throws IOException {
    assertEquals(DataProblem.TOO_BIG, read("123456789\r\n", 10, LineEndingPolicy.REJECT).problem());
  }

  @Test
  void limitCountsUnstuffedBytes() throws IOException {
    assertEquals(DataProblem.NONE, read("..234567\r\n", 9, LineEndingPolicy.REJECT).problem());
  }

  @Test
  void normalizedBareCrCountsAgainstTheLimit() throws IOException {
    // "abcd" fits in 4 bytes, the CRLF that normalising the bare CR adds does not.
    assertEquals(DataProblem.TOO_BIG, read("abcd\rx\r\n", 5, LineEndingPolicy.NORMALIZE).problem());
  }

  @Test
  void tooBigMessageIsReadToTheEndWithoutBufferingPastTheLimit() throws IOException {
    String huge = "x".repeat(998) + "\r\n";
    byte[] wire = (huge.repeat(1000) + ".\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII);
    InputStream in = new ByteArrayInputStream(wire);
    DataReader.Result result = new DataReader(1024, LineEndingPolicy.REJECT).read(in);
    assertEquals(DataProblem.TOO_BIG, result.problem());
    assertTrue(result.buffer().length < 10_000, "buffer grew to " + result.buffer().length);
    assertEquals("QUIT\r\n", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
  }

  @Test
  void eightBitBytesPassUnchanged() throws IOException {
    byte[] utf8 = "Grüße 日本\r\n.\r\n".getBytes(StandardCharsets.UTF_8);
    DataReader.Result result = new DataReader(1000, LineEndingPolicy.REJECT).read(new ByteArrayInputStream(utf8));
    assertEquals(DataProblem.NONE, result.problem());
    assertEquals("Grüße 日本\r\n", new String(result.buffer(), 0, result.length(), StandardCharsets.UTF_8));
  }
}
