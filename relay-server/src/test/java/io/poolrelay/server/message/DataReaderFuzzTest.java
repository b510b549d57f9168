package io.poolrelay.server.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.poolrelay.config.model.LineEndingPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.internal.io.DotTerminatedInputStream;

/**
 * Property tests for {@link DataReader} on random DATA sections built from the bytes that matter
 * (CR, LF, '.', 8-bit, text). Crashers found are kept in {@code src/test/resources/fuzz/DataReader/}
 * and replayed by {@link #keptCasesStillHoldTheProperties()}.
 */
class DataReaderFuzzTest {

  private static final byte[] ALPHABET = {'\r', '\n', '.', '.', 'a', 'b', ' ', (byte) 0xC3, (byte) 0xBC, 0};
  private static final long SEED = 0x5EED_DA7AL;

  @Test
  void randomSectionsHoldTheProperties() throws IOException {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 100_000; i++) {
      byte[] input = randomSection(random);
      long limit = 1 + random.nextInt(64);
      for (LineEndingPolicy policy : LineEndingPolicy.values()) {
        try {
          check(input, limit, policy);
        } catch (AssertionError | RuntimeException e) {
          fail("iteration " + i + " limit " + limit + " " + policy + " input " + Arrays.toString(input), e);
        }
      }
    }
  }

  @Test
  void keptCasesStillHoldTheProperties() throws IOException, URISyntaxException {
    Path folder = Path.of(DataReaderFuzzTest.class.getResource("/fuzz/DataReader").toURI());
    List<Path> cases;
    try (Stream<Path> files = Files.list(folder)) {
      cases = files.filter(f -> f.toString().endsWith(".bin")).sorted().toList();
    }
    assertTrue(!cases.isEmpty(), "no kept cases in " + folder);
    for (Path file : cases) {
      // File name: <name>-limit<N>.bin, the bytes the client sends after DATA (CRLF.CRLF is added).
      String name = file.getFileName().toString();
      long limit = Long.parseLong(name.substring(name.lastIndexOf("-limit") + 6, name.length() - 4));
      for (LineEndingPolicy policy : LineEndingPolicy.values()) {
        check(Files.readAllBytes(file), limit, policy);
      }
    }
  }

  private static byte[] randomSection(SplittableRandom random) {
    byte[] input = new byte[random.nextInt(48)];
    for (int j = 0; j < input.length; j++) {
      input[j] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return input;
  }

  /**
   * {@code input} is what a client sends after DATA; "CRLF.CRLF" and a command are appended. The
   * reader must stop exactly where SubEthaSMTP's own terminator parser stops (the oracle), so the
   * bytes left for the session are the same.
   */
  private static void check(byte[] input, long limit, LineEndingPolicy policy) throws IOException {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    sent.writeBytes(input);
    sent.writeBytes("\r\n.\r\nNOOP\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    ByteArrayInputStream section = new ByteArrayInputStream(sent.toByteArray());
    DataReader.Result result = new DataReader(limit, policy).read(section);
    ByteArrayInputStream oracle = new ByteArrayInputStream(sent.toByteArray());
    new DotTerminatedInputStream(oracle).readAllBytes();
    assertArrayEquals(oracle.readAllBytes(), section.readAllBytes(), "stopped where the library's parser does not");
    assertTrue(result.length() <= limit + 2, "length " + result.length() + " over limit " + limit);
    if (result.problem() != DataProblem.NONE) {
      return;
    }
    byte[] output = Arrays.copyOf(result.buffer(), result.length());
    assertTrue(output.length <= limit, "accepted " + output.length + " bytes over limit " + limit);
    assertTrue(onlyCrlf(output), "bare CR or LF in accepted output " + Arrays.toString(output));
    assertTrue(output.length == 0 || endsWithCrlf(output), "accepted output does not end with CRLF");
    // Re-stuff it, as the SMTP client does on the way out, and read it back.
    byte[] stuffed = stuff(output);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(stuffed);
    wire.writeBytes(".\r\nQUIT\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    ByteArrayInputStream terminated = new ByteArrayInputStream(wire.toByteArray());
    DataReader.Result again = new DataReader(Long.MAX_VALUE, LineEndingPolicy.REJECT).read(terminated);
    assertArrayEquals("QUIT\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), terminated.readAllBytes());
    assertEquals(DataProblem.NONE, again.problem());
    assertArrayEquals(output, Arrays.copyOf(again.buffer(), again.length()), "round trip through stuffing");
  }

  private static byte[] stuff(byte[] message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean lineStart = true;
    for (byte b : message) {
      if (lineStart && b == '.') {
        out.write('.');
      }
      out.write(b);
      lineStart = b == '\n';
    }
    return out.toByteArray();
  }

  private static boolean endsWithCrlf(byte[] data) {
    return data.length >= 2 && data[data.length - 2] == '\r' && data[data.length - 1] == '\n';
  }

  private static boolean onlyCrlf(byte[] data) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\r' && (i + 1 == data.length || data[i + 1] != '\n')) {
        return false;
      }
      if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r')) {
        return false;
      }
    }
    return true;
  }
}
