package io.poolrelay.upstreams.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DotStuffingOutputStreamTest {

  private static String stuffWhole(String content) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    DotStuffingOutputStream out = new DotStuffingOutputStream(sink);
    out.write(content.getBytes(StandardCharsets.ISO_8859_1));
    out.finish();
    return sink.toString(StandardCharsets.ISO_8859_1);
  }

  private static String stuffByteByByte(String content) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    DotStuffingOutputStream out = new DotStuffingOutputStream(sink);
    for (byte b : content.getBytes(StandardCharsets.ISO_8859_1)) {
      out.write(b);
    }
    out.finish();
    return sink.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void lineStartingWithADotGetsOneMoreDot() throws IOException {
    assertEquals("a\r\n..b\r\n.\r\n", stuffWhole("a\r\n.b\r\n"));
  }

  @Test
  void dotOnTheFirstLineIsStuffed() throws IOException {
    assertEquals("..first\r\n.\r\n", stuffWhole(".first\r\n"));
  }

  @Test
  void loneDotLineCannotEndTheDataEarly() throws IOException {
    assertEquals("a\r\n..\r\nb\r\n.\r\n", stuffWhole("a\r\n.\r\nb\r\n"));
  }

  @Test
  void dotsInsideALineAreLeftAlone() throws IOException {
    assertEquals("a.b..c\r\n.\r\n", stuffWhole("a.b..c\r\n"));
  }

  @Test
  void dotAfterABareLfIsStuffedSoSmugglingFails() throws IOException {
    assertEquals("a\n..\r\nMAIL\r\n.\r\n", stuffWhole("a\n.\r\nMAIL\r\n"));
  }

  @Test
  void missingFinalCrlfIsAdded() throws IOException {
    assertEquals("no newline\r\n.\r\n", stuffWhole("no newline"));
  }

  @Test
  void emptyContentIsJustTheTerminator() throws IOException {
    assertEquals(".\r\n", stuffWhole(""));
  }

  @Test
  void aDotAtTheStartOfAWriteAfterAnLfInTheLastWriteIsStuffed() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    DotStuffingOutputStream out = new DotStuffingOutputStream(sink);
    out.write("a\r\n".getBytes(StandardCharsets.US_ASCII));
    out.write(".b\r\n".getBytes(StandardCharsets.US_ASCII));
    out.finish();
    assertEquals("a\r\n..b\r\n.\r\n", sink.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void writingAfterFinishIsRefused() throws IOException {
    DotStuffingOutputStream out = new DotStuffingOutputStream(new ByteArrayOutputStream());
    out.finish();
    assertThrows(IOException.class, () -> out.write('x'));
  }

  @Test
  void closeDoesNotCloseTheConnectionStream() throws IOException {
    boolean[] closed = {false};
    OutputStream connection = new ByteArrayOutputStream() {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    new DotStuffingOutputStream(connection).close();
    assertEquals(false, closed[0]);
  }

  /** Any split of the writes gives the same bytes, and unstuffing them gives the content back. */
  @Test
  void randomContentRoundTripsWhateverTheWriteSizes() throws IOException {
    Random random = new Random(42);
    String alphabet = ".\r\nab.";
    for (int round = 0; round < 2_000; round++) {
      StringBuilder content = new StringBuilder();
      int length = random.nextInt(60);
      for (int i = 0; i < length; i++) {
        content.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      content.append("\r\n");
      String text = content.toString();
      String whole = stuffWhole(text);
      assertEquals(whole, stuffByteByByte(text));
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      DotStuffingOutputStream out = new DotStuffingOutputStream(sink);
      byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
      for (int at = 0; at < bytes.length; ) {
        int n = Math.min(bytes.length - at, random.nextInt(7));
        out.write(bytes, at, n);
        at += n;
      }
      out.finish();
      assertEquals(whole, sink.toString(StandardCharsets.ISO_8859_1));
      assertEquals(text, unstuff(whole));
    }
  }

  /** The receiver's side of RFC 5321 4.5.2, treating LF as the line end as a lenient server would. */
  private static String unstuff(String data) {
    StringBuilder out = new StringBuilder();
    boolean lineStart = true;
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      if (lineStart && c == '.') {
        if (data.startsWith(".\r\n", i) && i + 3 == data.length()) {
          return out.toString();
        }
        i++;
        c = data.charAt(i);
      }
      out.append(c);
      lineStart = c == '\n';
    }
    throw new AssertionError("no terminator in " + data);
  }
}
