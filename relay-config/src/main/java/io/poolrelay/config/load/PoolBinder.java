package io.poolrelay.config.load;

import io.poolrelay.config.model.PoolConfig;
import io.poolrelay.config.model.PoolMember;
import io.poolrelay.config.model.SelectionStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds the {@code pools:} section. Whether members and fallbacks name things that exist is the
 * validator's job: it needs the whole configuration.
 */
final class PoolBinder {

  static final List<String> POOL_KEYS = List.of("strategy", "members", "fallback");
  static final List<String> MEMBER_KEYS = List.of("upstream", "weight");
  static final SelectionStrategy DEFAULT_STRATEGY = SelectionStrategy.WEIGHTED;
  static final int DEFAULT_WEIGHT = 1;

  Map<String, PoolConfig> pools(YamlMap top) {
    Map<String, PoolConfig> pools = new LinkedHashMap<>();
    Optional<YamlMap> section = top.require("pools").flatMap(YamlValue::asMap);
    if (section.isEmpty()) {
      return pools;
    }
    List<Map.Entry<String, YamlValue>> entries = section.get().entries();
    if (entries.isEmpty()) {
      top.get("pools").ifPresent(v -> v.error("must define at least one pool"));
    }
    section.get().checkKeysAreNames();
    for (Map.Entry<String, YamlValue> entry : entries) {
      pools.put(entry.getKey(), pool(entry.getKey(), entry.getValue()));
    }
    return pools;
  }

  /** A pool that cannot be read still gets an entry, so that routes naming it are not also reported. */
  private static PoolConfig pool(String name, YamlValue value) {
    Optional<YamlMap> found = value.asMap();
    if (found.isEmpty()) {
      return new PoolConfig(name, DEFAULT_STRATEGY, List.of(), Optional.empty());
    }
    YamlMap map = found.get();
    map.allowOnly(POOL_KEYS);
    SelectionStrategy strategy =
        map.get("strategy").flatMap(v -> v.asEnum(SelectionStrategy.class)).orElse(DEFAULT_STRATEGY);
    List<PoolMember> members = map.require("members").map(PoolBinder::members).orElse(List.of());
    Optional<String> fallback = map.get("fallback").flatMap(YamlValue::asNonEmptyString);
    return new PoolConfig(name, strategy, members, fallback);
  }

  private static List<PoolMember> members(YamlValue value) {
    List<PoolMember> members = new ArrayList<>();
    Optional<List<YamlValue>> items = value.asList();
    if (items.isEmpty()) {
      return members;
    }
    if (items.get().isEmpty()) {
      value.error("must list at least one member");
    }
    for (YamlValue item : items.get()) {
      item.asMap().map(PoolBinder::member).ifPresent(members::add);
    }
    return members;
  }

  /** An unreadable upstream name becomes "", which the validator leaves alone: it is already reported. */
  private static PoolMember member(YamlMap map) {
    map.allowOnly(MEMBER_KEYS);
    String upstream = map.require("upstream").flatMap(YamlValue::asNonEmptyString).orElse("");
    int weight = map.get("weight").flatMap(v -> v.asInt(1, Integer.MAX_VALUE)).orElse(DEFAULT_WEIGHT);
    return new PoolMember(upstream, weight);
  }
}
