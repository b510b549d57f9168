package io.poolrelay.server.spool;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Random truncations and byte flips of valid spool files are always refused with
 * {@link SpoolFormatException}: never another exception, never accepted. Kept cases in
 * {@code src/test/resources/fuzz/SpoolFileFormat/} are whole files that must be refused.
 */
class SpoolFileFormatFuzzTest {

  private static final long SEED = 0x5B001L;

  @Test
  void truncatedAndFlippedFilesAreAlwaysRefused() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 3_000; i++) {
      byte[] good = randomFile(random);
      byte[] bad = good.clone();
      String damage;
      switch (random.nextInt(3)) {
        case 0 -> {
          int length = random.nextInt(good.length);
          bad = Arrays.copyOf(good, length);
          damage = "truncated to " + length;
        }
        case 1 -> {
          int at = random.nextInt(good.length);
          bad[at] ^= (byte) (1 + random.nextInt(255));
          damage = "byte " + at + " flipped";
        }
        default -> {
          int flips = 2 + random.nextInt(4);
          for (int f = 0; f < flips; f++) {
            bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
          }
          bad = Arrays.copyOf(bad, Math.max(0, bad.length - random.nextInt(3)));
          if (Arrays.equals(bad, good)) {
            continue;
          }
          damage = flips + " random bytes, maybe cut";
        }
      }
      refused(bad, "iteration " + i + ": " + damage);
    }
  }

  @Test
  void truncationsOfAValidFileAreTorn() {
    byte[] good = randomFile(new SplittableRandom(SEED + 1));
    for (int length = 0; length < good.length; length++) {
      try {
        SpoolFileFormat.parse(Arrays.copyOf(good, length));
        fail("accepted a file cut to " + length + " of " + good.length + " bytes");
      } catch (SpoolFormatException e) {
        assertTrue(e.torn(), "cut to " + length + ": " + e.getMessage());
      }
    }
  }

  @Test
  void keptCasesAreRefused() throws IOException, URISyntaxException {
    Path folder = Path.of(SpoolFileFormatFuzzTest.class.getResource("/fuzz/SpoolFileFormat").toURI());
    List<Path> cases;
    try (Stream<Path> files = Files.list(folder)) {
      cases = files.filter(f -> f.toString().endsWith(".spool")).sorted().toList();
    }
    assertTrue(!cases.isEmpty(), "no kept cases in " + folder);
    for (Path file : cases) {
      refused(Files.readAllBytes(file), file.getFileName().toString());
    }
  }

  private static void refused(byte[] file, String what) {
    try {
      StoredMessage parsed = SpoolFileFormat.parse(file);
      fail(what + ": accepted a damaged file as " + parsed.envelope());
    } catch (SpoolFormatException expected) {
      // refused as it should be
    } catch (RuntimeException e) {
      fail(what + ": threw " + e + " instead of SpoolFormatException", e);
    }
  }

  static byte[] randomFile(SplittableRandom random) {
    List<String> recipients = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int r = 0; r < count; r++) {
      recipients.add(randomText(random, 1 + random.nextInt(12)) + "@example.net");
    }
    Map<String, String> hints = new HashMap<>();
    if (random.nextBoolean()) {
      hints.put("x-campaign", randomText(random, random.nextInt(20)));
    }
    SpooledEnvelope envelope = new SpooledEnvelope("0ABCDEFGHJ12345", Instant.ofEpochMilli(random.nextLong(0, 1L << 42)),
        "default", "127.0.0.1", random.nextBoolean() ? "" : "user", random.nextBoolean() ? "" : "a@example.com",
        recipients, hints, SpooledEnvelope.ORIGIN_SMTP);
    byte[] message = new byte[random.nextInt(200)];
    random.nextBytes(message);
    return SpoolFileFormatTest.file(envelope, message);
  }

  private static String randomText(SplittableRandom random, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(random.nextInt(8) == 0 ? ' ' : (char) random.nextInt('a', 'z' + 1));
    }
    return new String(text.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
