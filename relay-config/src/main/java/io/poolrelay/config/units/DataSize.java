package io.poolrelay.config.units;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes, written in YAML as a plain integer ({@code 26214400}) or a number with a unit
 * ({@code 25MB}, {@code 1.5GiB}).
 *
 * <p>KB, MB and GB are binary (1 KB = 1024 bytes) because that is what operators expect of a mail size
 * limit, and it matches the SIZE values other MTAs print. KiB, MiB and GiB are accepted as synonyms.
 *
 * @param bytes the size in bytes, never negative
 */
public record DataSize(long bytes) {

  public static final long KIB = 1024L;
  public static final long MIB = 1024L * KIB;
  public static final long GIB = 1024L * MIB;

  /** The units, in the order error messages list them. */
  public static final String ALLOWED_UNITS = "B, KB, MB, GB, KiB, MiB or GiB";

  private static final Pattern FORM = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z]*)");

  private static final Map<String, Long> UNITS =
      Map.of(
          "b", 1L,
          "kb", KIB,
          "kib", KIB,
          "mb", MIB,
          "mib", MIB,
          "gb", GIB,
          "gib", GIB);

  public DataSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative");
    }
  }

  /**
   * Parses {@code text}; a fractional result is rounded down to whole bytes.
   *
   * @throws IllegalArgumentException with a message that says what is wrong, without repeating the text
   */
  public static DataSize parse(String text) {
    Matcher matcher = FORM.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "expected a number of bytes, or a number followed by " + ALLOWED_UNITS + ", such as 25MB");
    }
    String number = matcher.group(1);
    String unitText = matcher.group(2);
    Long multiplier = unitText.isEmpty() ? Long.valueOf(1L) : UNITS.get(unitText.toLowerCase(Locale.ROOT));
    if (multiplier == null) {
      throw new IllegalArgumentException("unknown unit '" + unitText + "' (use " + ALLOWED_UNITS + ")");
    }
    if (unitText.isEmpty() && number.contains(".")) {
      throw new IllegalArgumentException("a number without a unit must be a whole number of bytes");
    }
    BigDecimal bytes =
        new BigDecimal(number).multiply(BigDecimal.valueOf(multiplier)).setScale(0, RoundingMode.DOWN);
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("too large");
    }
    return new DataSize(bytes.longValueExact());
  }

  /** The largest whole unit that represents this size exactly, such as {@code 25MB}. */
  @Override
  public String toString() {
    if (bytes != 0 && bytes % GIB == 0) {
      return bytes / GIB + "GB";
    }
    if (bytes != 0 && bytes % MIB == 0) {
      return bytes / MIB + "MB";
    }
    if (bytes != 0 && bytes % KIB == 0) {
      return bytes / KIB + "KB";
    }
    return bytes + "B";
  }
}
