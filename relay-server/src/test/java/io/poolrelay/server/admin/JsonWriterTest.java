package io.poolrelay.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  @Test
  void escapesQuoteBackslashAndEveryControlCharacter() {
    assertEquals("\"a\\\"b\\\\c\"", JsonWriter.quote("a\"b\\c"));
    assertEquals("\"\\n\\r\\t\\b\\f\\u0000\\u001f\\u0001\"", JsonWriter.quote("\n\r\t\b\f\u0000\u001f\u0001"));
  }

  @Test
  void leavesSolidusDeleteAndNonAsciiAlone() {
    assertEquals("\"a/b\u007f é €\"", JsonWriter.quote("a/b\u007f é €"));
  }

  @Test
  void keepsSurrogatePairsAndEscapesUnpairedSurrogates() {
    assertEquals("\"\uD83D\uDCE7\"", JsonWriter.quote("\uD83D\uDCE7"));
    assertEquals("\"x\\ud83dy\\udce7\"", JsonWriter.quote("x\uD83Dy\uDCE7"));
  }

  @Test
  void writesNestedObjectsAndArraysWithCommasOnlyBetweenElements() {
    String json = new JsonWriter().beginObject()
        .name("a").value(1)
        .name("b").beginArray().value("x").nullValue().value(true).beginObject().endObject().endArray()
        .name("c").beginObject().name("d").value(0.5).endObject()
        .name("e").beginArray().endArray()
        .endObject().toString();
    assertEquals("{\"a\":1,\"b\":[\"x\",null,true,{}],\"c\":{\"d\":0.5},\"e\":[]}", json);
  }

  @Test
  void writesNonFiniteNumbersAsNull() {
    assertEquals("[null,null,-1.5]", new JsonWriter().beginArray().value(Double.NaN)
        .value(Double.POSITIVE_INFINITY).value(-1.5).endArray().toString());
  }

  @Test
  void whatItWritesReadsBackUnchanged() {
    String nasty = "q\" b\\ nl\n tab\t nul\u0000 us\u001f ☃ \uD83D\uDCE7";
    String json = new JsonWriter().beginObject().name(nasty).beginArray().value(nasty).endArray().endObject()
        .toString();
    assertEquals(Map.of(nasty, List.of(nasty)), JsonReader.parse(json));
  }
}
