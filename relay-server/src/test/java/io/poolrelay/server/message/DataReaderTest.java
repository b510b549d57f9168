package io.poolrelay.server.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.model.LineEndingPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DataReaderTest {

  private static DataReader.Result read(String data, long max, LineEndingPolicy policy) throws IOException {
    return new DataReader(max, policy).read(new ByteArrayInputStream(data.getBytes(StandardCharsets.ISO_8859_1)));
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
  void emptyInputIsAnEmptyMessage() throws IOException {
    DataReader.Result result = read("", 1000, LineEndingPolicy.REJECT);
    assertEquals(DataProblem.NONE, result.problem());
    assertEquals(0, result.length());
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
  void crAsLastByteIsRefusedUnderReject() throws IOException {
    assertEquals(DataProblem.BARE_LINE_ENDING, read("a\r", 1000, LineEndingPolicy.REJECT).problem());
  }

  @Test
  void smugglingPayloadsAreRefusedUnderReject() throws IOException {
    for (String payload : new String[] {"x\n.\nMAIL FROM:<e@x.y>\r\n", "x\n.\r\nMAIL FROM:<e@x.y>\r\n",
        "x\r.\r\nMAIL FROM:<e@x.y>\r\n", "x\r\n.\nMAIL FROM:<e@x.y>\r\n"}) {
      assertEquals(DataProblem.BARE_LINE_ENDING, read(payload, 1000, LineEndingPolicy.REJECT).problem(), payload);
    }
  }

  @Test
  void normalizeTurnsBareCrAndLfIntoCrlf() throws IOException {
    DataReader.Result result = read("a\nb\rc\r\r\nd\r\n", 1000, LineEndingPolicy.NORMALIZE);
    assertEquals(DataProblem.NONE, result.problem());
    assertEquals("a\r\nb\r\nc\r\n\r\nd\r\n", text(result));
  }

  @Test
  void normalizeEndsATrailingCrWithLf() throws IOException {
    assertEquals("a\r\n", text(read("a\r", 1000, LineEndingPolicy.NORMALIZE)));
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
  void normalizedTrailingCrCountsAgainstTheLimit() throws IOException {
    // "abcd" fits in 4 bytes, the CRLF that normalising the trailing CR adds does not.
    assertEquals(DataProblem.TOO_BIG, read("abcd\r", 4, LineEndingPolicy.NORMALIZE).problem());
  }

  @Test
  void refusedMessageIsStillReadToTheEnd() throws IOException {
    InputStream in = new ByteArrayInputStream("a\nb\r\nmore text\r\n".getBytes(StandardCharsets.US_ASCII));
    new DataReader(1000, LineEndingPolicy.REJECT).read(in);
    assertEquals(-1, in.read());
    InputStream big = new ByteArrayInputStream(new byte[100_000]);
    assertEquals(DataProblem.TOO_BIG, new DataReader(1024, LineEndingPolicy.REJECT).read(big).problem());
    assertEquals(-1, big.read());
  }

  @Test
  void tooBigMessageDoesNotBufferPastTheLimit() throws IOException {
    byte[] huge = new byte[1_000_000];
    Arrays.fill(huge, (byte) 'x');
    DataReader.Result result = new DataReader(1024, LineEndingPolicy.REJECT).read(new ByteArrayInputStream(huge));
    assertEquals(DataProblem.TOO_BIG, result.problem());
    assertTrue(result.buffer().length < 10_000, "buffer grew to " + result.buffer().length);
  }

  @Test
  void eightBitBytesPassUnchanged() throws IOException {
    byte[] utf8 = "Grüße 日本\r\n".getBytes(StandardCharsets.UTF_8);
    DataReader.Result result = new DataReader(1000, LineEndingPolicy.REJECT).read(new ByteArrayInputStream(utf8));
    assertEquals(DataProblem.NONE, result.problem());
    assertEquals(new String(utf8, StandardCharsets.UTF_8),
        new String(result.buffer(), 0, result.length(), StandardCharsets.UTF_8));
  }
}
