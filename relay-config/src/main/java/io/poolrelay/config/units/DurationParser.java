package io.poolrelay.config.units;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations written as an integer and a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h},
 * {@code 5d}.
 *
 * <p>A bare number is refused rather than read as seconds: {@code idle_timeout: 300} is ambiguous, and a
 * relay that waits 300 minutes instead of 300 seconds fails quietly. Units are case-sensitive because
 * {@code M} and {@code m} mean different things elsewhere.
 */
public final class DurationParser {

  /** The units, in the order error messages list them. */
  public static final String ALLOWED_UNITS = "ms, s, m, h or d";

  private static final Pattern FORM = Pattern.compile("([0-9]+)\\s*([a-zA-Z]*)");

  private static final Map<String, ChronoUnit> UNITS =
      Map.of(
          "ms", ChronoUnit.MILLIS,
          "s", ChronoUnit.SECONDS,
          "m", ChronoUnit.MINUTES,
          "h", ChronoUnit.HOURS,
          "d", ChronoUnit.DAYS);

  private DurationParser() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException with a message that says what is wrong, without repeating the text
   */
  public static Duration parse(String text) {
    Matcher matcher = FORM.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "expected an integer followed by " + ALLOWED_UNITS + ", such as 30s or 5m");
    }
    String unitText = matcher.group(2);
    if (unitText.isEmpty()) {
      throw new IllegalArgumentException("missing unit (use " + ALLOWED_UNITS + ", such as 30s)");
    }
    ChronoUnit unit = UNITS.get(unitText);
    if (unit == null) {
      throw new IllegalArgumentException("unknown unit '" + unitText + "' (use " + ALLOWED_UNITS + ")");
    }
    try {
      long amount = Long.parseLong(matcher.group(1));
      return Duration.of(amount, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("too large");
    }
  }

  /** The shortest form that {@link #parse} reads back to the same value, for messages and listings. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 86_400_000L == 0 && millis != 0) {
      return millis / 86_400_000L + "d";
    }
    if (millis % 3_600_000L == 0 && millis != 0) {
      return millis / 3_600_000L + "h";
    }
    if (millis % 60_000L == 0 && millis != 0) {
      return millis / 60_000L + "m";
    }
    if (millis % 1_000L == 0) {
      return millis / 1_000L + "s";
    }
    return millis + "ms";
  }
}
