package io.poolrelay.upstreams.ses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.poolrelay.upstreams.Envelope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sesv2.model.MessageTag;

class SesTagsTest {

  @Test
  void hintsBecomeTagsNamedAfterTheirHeaderThenPoolUpstreamAndTheFixedTags() {
    Map<String, String> hints = new LinkedHashMap<>();
    hints.put("X-Campaign-Type", "newsletter");
    hints.put("X-Category", "Black Friday / 2026!");
    SesTags tags = new SesTags("ses-us", Map.of("app", "crm"));

    List<MessageTag> list = tags.of(new Envelope("Q1", "a@b.example", List.of("c@d.example"), "bulk", hints));

    assertEquals(List.of(
        tag("campaign-type", "newsletter"), tag("category", "Black_Friday___2026_"),
        tag("pool", "bulk"), tag("upstream", "ses-us"), tag("app", "crm")), list);
  }

  @Test
  void valuesAreCutAtTheLengthSesAllowsAndEmptyHintsAreLeftOut() {
    Map<String, String> hints = Map.of("X-Campaign", "x".repeat(300), "X-Empty", "   ");

    List<MessageTag> list = new SesTags("u", Map.of()).of(new Envelope("Q1", "", List.of("c@d.example"), "", hints));

    assertEquals(List.of(tag("campaign", "x".repeat(256)), tag("upstream", "u")), list);
  }

  private static MessageTag tag(String name, String value) {
    return MessageTag.builder().name(name).value(value).build();
  }
}
