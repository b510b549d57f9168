package io.poolrelay.server.text;

import java.util.Locale;

/** Ages, times to send and sizes as people read them. */
public final class Units {

  private Units() {
  }

  /** Seconds in the two largest units: {@code 1h35m}, {@code 2d3h}, {@code 40s}. */
  public static String compact(long seconds) {
    if (seconds < 60) {
      return Math.max(seconds, 0) + "s";
    }
    long[] amounts = {seconds / 86_400, seconds % 86_400 / 3600, seconds % 3600 / 60, seconds % 60};
    String[] units = {"d", "h", "m", "s"};
    int first = 0;
    while (amounts[first] == 0) {
      first++;
    }
    String text = amounts[first] + units[first];
    return amounts[first + 1] == 0 ? text : text + amounts[first + 1] + units[first + 1];
  }

  /** Bytes with a binary unit, one decimal above a KiB: {@code 512 B}, {@code 1.2 MiB}. */
  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
