package io.poolrelay.config.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataSizeTest {

  @Test
  void plainIntegerIsBytes() {
    assertEquals(26_214_400L, DataSize.parse("26214400").bytes());
  }

  @Test
  void unitsAreBinary() {
    assertEquals(512L, DataSize.parse("512B").bytes());
    assertEquals(1024L, DataSize.parse("1KB").bytes());
    assertEquals(25L * 1024 * 1024, DataSize.parse("25MB").bytes());
    assertEquals(2L * 1024 * 1024 * 1024, DataSize.parse("2GB").bytes());
  }

  @Test
  void iecSpellingsMeanTheSame() {
    assertEquals(DataSize.parse("1KB"), DataSize.parse("1KiB"));
    assertEquals(DataSize.parse("25MB"), DataSize.parse("25MiB"));
    assertEquals(DataSize.parse("3GB"), DataSize.parse("3GiB"));
  }

  @Test
  void fractionsWithAUnitAreRoundedDownToWholeBytes() {
    assertEquals(1536L, DataSize.parse("1.5KB").bytes());
    assertEquals(1L, DataSize.parse("0.001KB").bytes());
  }

  @Test
  void spaceBeforeTheUnitAndLowerCaseAreAccepted() {
    assertEquals(25L * 1024 * 1024, DataSize.parse("25 mb").bytes());
  }

  @Test
  void unknownUnitIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSize.parse("25XB"));

    assertEquals("unknown unit 'XB' (use B, KB, MB, GB, KiB, MiB or GiB)", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "MB", "-1", "1.5", "twenty", "99999999999GB"})
  void malformedSizesAreRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> DataSize.parse(text));
  }

  @Test
  void toStringUsesTheLargestExactUnit() {
    assertEquals("25MB", new DataSize(25L * 1024 * 1024).toString());
    assertEquals("1KB", new DataSize(1024).toString());
    assertEquals("1000B", new DataSize(1000).toString());
  }
}
