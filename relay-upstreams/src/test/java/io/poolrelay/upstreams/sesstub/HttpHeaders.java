package io.poolrelay.upstreams.sesstub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Request headers as the stub keeps them: lower-case names, in the order sent, every value of a repeat. */
final class HttpHeaders {

  private HttpHeaders() {}

  /** An unmodifiable copy that keeps the order (Map.copyOf would not). */
  static Map<String, List<String>> copyOf(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    return Collections.unmodifiableMap(copy);
  }

  static void add(Map<String, List<String>> headers, String name, String value) {
    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
  }

  static Optional<String> first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }
}
