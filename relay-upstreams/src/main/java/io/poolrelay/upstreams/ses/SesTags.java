package io.poolrelay.upstreams.ses;

import io.poolrelay.upstreams.Envelope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.sesv2.model.MessageTag;

/**
 * The email tags of one send: the message's hints, then {@code pool} and {@code upstream}, then the
 * upstream's fixed tags. SES allows only ASCII letters, digits, {@code _} and {@code -}, at most 256 of
 * them, in names and values, and refuses the whole call otherwise; so hint values, which come from the
 * application, are sanitised rather than trusted.
 */
final class SesTags {

  static final int MAX_LENGTH = 256;

  private final String upstream;
  /** The configured tags in the file's order; validated when the configuration was read. */
  private final Map<String, String> fixed;

  SesTags(String upstream, Map<String, String> fixed) {
    this.upstream = upstream;
    this.fixed = new LinkedHashMap<>(fixed);
  }

  List<MessageTag> of(Envelope envelope) {
    Map<String, String> tags = new LinkedHashMap<>();
    envelope.hints().forEach((header, value) -> {
      String name = name(header);
      String sanitised = sanitise(value);
      if (!name.isEmpty() && !sanitised.isEmpty()) {
        tags.put(name, sanitised);
      }
    });
    if (!envelope.pool().isEmpty()) {
      tags.put("pool", sanitise(envelope.pool()));
    }
    tags.put("upstream", sanitise(upstream));
    tags.putAll(fixed);
    List<MessageTag> list = new ArrayList<>(tags.size());
    tags.forEach((name, value) -> list.add(MessageTag.builder().name(name).value(value).build()));
    return list;
  }

  /** {@code X-Campaign-Type} becomes {@code campaign-type}: the header's name without its "X-", lower case. */
  static String name(String header) {
    String lower = header.toLowerCase(Locale.ROOT);
    return sanitise(lower.startsWith("x-") ? lower.substring(2) : lower);
  }

  /** Every character SES does not allow becomes {@code _}; leading and trailing space is dropped. */
  static String sanitise(String value) {
    String stripped = value.strip();
    StringBuilder out = new StringBuilder(Math.min(stripped.length(), MAX_LENGTH));
    for (int i = 0; i < stripped.length() && out.length() < MAX_LENGTH; i++) {
      char c = stripped.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
          || c == '-';
      out.append(allowed ? c : '_');
    }
    return out.toString();
  }
}
