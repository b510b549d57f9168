package io.poolrelay.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

  @Test
  void readsEveryKindOfValue() {
    Object value = JsonReader.parse(" {\"s\":\"a\\u00e9\\n\\/\",\"n\":-1.5e2,\"z\":0,\"t\":true,\"f\":false,"
        + "\"x\":null,\"l\":[1,[]],\"o\":{}} ");
    Map<?, ?> map = (Map<?, ?>) value;
    assertEquals("aé\n/", map.get("s"));
    assertEquals(0, new BigDecimal("-150").compareTo((BigDecimal) map.get("n")));
    assertEquals(BigDecimal.ZERO, map.get("z"));
    assertEquals(true, map.get("t"));
    assertEquals(false, map.get("f"));
    assertTrue(map.containsKey("x"));
    assertEquals(List.of(BigDecimal.ONE, List.of()), map.get("l"));
    assertEquals(Map.of(), map.get("o"));
  }

  @Test
  void rejectsMalformedTextNamingTheOffset() {
    for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "\"unterminated", "tru", "01x", "[1] 2", "\"\u0001\"",
        "\"\\x\"", "\"\\u12\"", "-", "1.", "{1:2}")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("json: ") && e.getMessage().contains(" at offset "), e.getMessage());
    }
  }

  @Test
  void refusesNestingDeeperThanTheLimitInsteadOfOverflowingTheStack() {
    char[] open = new char[10_000];
    Arrays.fill(open, '[');
    assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(new String(open)));
  }
}
