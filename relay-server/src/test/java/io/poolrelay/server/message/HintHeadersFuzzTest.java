package io.poolrelay.server.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Random header sections: with strip on, the output has no hint header and every other byte is
 * unchanged and in order; with strip off the output is the input. Kept cases (messages as sent) live
 * in {@code src/test/resources/fuzz/HintHeaders/}.
 */
class HintHeadersFuzzTest {

  private static final List<String> NAMES = List.of("X-Campaign-Type", "X-Campaign", "X-Category");
  private static final String[] HINT_SPELLINGS = {"X-Campaign", "x-campaign", "X-CAMPAIGN-TYPE", "X-Category",
      "x-Category", "X-Campaign ", "X-Category\t"};
  private static final String[] OTHER_NAMES = {"From", "To", "Subject", "X-Campaign-Id", "X-Campaigns", "Received",
      "X-Category2", "Content-Type"};
  private static final byte[] TRACE = "Received: trace\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final long SEED = 0x41E7L;

  @Test
  void randomHeaderSectionsLoseOnlyTheirHintFields() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 30_000; i++) {
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      int fields = random.nextInt(8);
      for (int f = 0; f < fields; f++) {
        boolean hint = random.nextInt(3) == 0;
        String name = hint ? pick(random, HINT_SPELLINGS) : pick(random, OTHER_NAMES);
        byte[] field = field(random, name);
        message.writeBytes(field);
        if (!hint) {
          expected.writeBytes(field);
        }
      }
      if (random.nextBoolean()) {
        byte[] body = ("\r\n" + pick(random, HINT_SPELLINGS) + ": in body\r\ntext\r\n").getBytes(StandardCharsets.UTF_8);
        message.writeBytes(body);
        expected.writeBytes(body);
      }
      try {
        check(message.toByteArray(), expected.toByteArray());
      } catch (AssertionError | RuntimeException e) {
        fail("iteration " + i + " message:\n" + message.toString(StandardCharsets.UTF_8), e);
      }
    }
  }

  @Test
  void keptCasesLoseTheirHintFields() throws IOException, URISyntaxException {
    Path folder = Path.of(HintHeadersFuzzTest.class.getResource("/fuzz/HintHeaders").toURI());
    List<Path> cases;
    try (Stream<Path> files = Files.list(folder)) {
      cases = files.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
    }
    assertTrue(!cases.isEmpty(), "no kept cases in " + folder);
    for (Path file : cases) {
      byte[] message = Files.readAllBytes(file);
      byte[] expected = Files.readAllBytes(file.resolveSibling(file.getFileName().toString().replace(".eml", ".expected")));
      check(message, expected);
    }
  }

  private static void check(byte[] message, byte[] expectedAfterTrace) {
    RewrittenMessage stripped = new HintHeaders(NAMES, true).rewrite(message, message.length, TRACE);
    byte[] out = Arrays.copyOf(stripped.bytes(), stripped.length());
    assertArrayEquals(TRACE, Arrays.copyOf(out, TRACE.length), "trace header first");
    byte[] rest = Arrays.copyOfRange(out, TRACE.length, out.length);
    assertEquals(new String(expectedAfterTrace, StandardCharsets.UTF_8), new String(rest, StandardCharsets.UTF_8));
    for (HeaderField field : HeaderSection.fields(out, out.length)) {
      assertTrue(NAMES.stream().noneMatch(n -> n.equalsIgnoreCase(field.name())), "hint left: " + field.name());
    }
    RewrittenMessage kept = new HintHeaders(NAMES, false).rewrite(message, message.length, TRACE);
    byte[] keptRest = Arrays.copyOfRange(kept.bytes(), TRACE.length, kept.length());
    assertArrayEquals(message, keptRest, "strip off changes nothing");
    assertEquals(stripped.hints(), kept.hints(), "hints are read either way");
  }

  private static byte[] field(SplittableRandom random, String name) {
    StringBuilder field = new StringBuilder(name).append(':');
    if (random.nextBoolean()) {
      field.append(' ');
    }
    field.append(value(random)).append("\r\n");
    int continuations = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
    for (int c = 0; c < continuations; c++) {
      field.append(random.nextBoolean() ? ' ' : '\t').append(value(random)).append("\r\n");
    }
    return field.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String value(SplittableRandom random) {
    String[] parts = {"spring", "sale", "X-Campaign: fake", "ü", ":", "a@b.c", "", " "};
    StringBuilder value = new StringBuilder();
    int count = random.nextInt(4);
    for (int i = 0; i < count; i++) {
      value.append(pick(random, parts)).append(' ');
    }
    return value.toString().toLowerCase(Locale.ROOT).strip();
  }

  private static String pick(SplittableRandom random, String[] options) {
    return options[random.nextInt(options.length)];
  }
}
