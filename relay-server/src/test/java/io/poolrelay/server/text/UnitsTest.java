package io.poolrelay.server.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnitsTest {

  @Test
  void secondsShowTheirTwoLargestUnits() {
    assertEquals("0s", Units.compact(-3));
    assertEquals("40s", Units.compact(40));
    assertEquals("1m", Units.compact(60));
    assertEquals("1h35m", Units.compact(95 * 60 + 20));
    assertEquals("2d3h", Units.compact(51 * 3600 + 600));
  }

  @Test
  void bytesUseBinaryUnitsWithOneDecimal() {
    assertEquals("512 B", Units.bytes(512));
    assertEquals("1.5 KiB", Units.bytes(1536));
    assertEquals("1.2 MiB", Units.bytes(1_234_567));
  }
}
