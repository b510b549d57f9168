package io.poolrelay.config.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationParserTest {

  @Test
  void everyUnitIsRead() {
    assertEquals(Duration.ofMillis(500), DurationParser.parse("500ms"));
    assertEquals(Duration.ofSeconds(30), DurationParser.parse("30s"));
    assertEquals(Duration.ofMinutes(5), DurationParser.parse("5m"));
    assertEquals(Duration.ofHours(1), DurationParser.parse("1h"));
    assertEquals(Duration.ofDays(5), DurationParser.parse("5d"));
  }

  @Test
  void zeroIsADurationAndCallersDecideWhetherItIsAllowed() {
    assertEquals(Duration.ZERO, DurationParser.parse("0s"));
  }

  @Test
  void bareNumberIsRefusedAndTheMessageListsTheUnits() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationParser.parse("30"));

    assertEquals("missing unit (use ms, s, m, h or d, such as 30s)", e.getMessage());
  }

  @Test
  void unknownUnitIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationParser.parse("2w"));

    assertEquals("unknown unit 'w' (use ms, s, m, h or d)", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s", "-5s", "1.5h", "5 minutes", "PT5M", "5M", "99999999999999999999d"})
  void malformedDurationsAreRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> DurationParser.parse(text));
  }

  @Test
  void overflowIsRefusedRatherThanWrapped() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DurationParser.parse("9223372036854775807d"));

    assertTrue(e.getMessage().contains("too large"), e.getMessage());
  }

  @Test
  void formatWritesTheLargestExactUnit() {
    assertEquals("5d", DurationParser.format(Duration.ofDays(5)));
    assertEquals("90m", DurationParser.format(Duration.ofMinutes(90)));
    assertEquals("1500ms", DurationParser.format(Duration.ofMillis(1500)));
    assertEquals("0s", DurationParser.format(Duration.ZERO));
  }
}
