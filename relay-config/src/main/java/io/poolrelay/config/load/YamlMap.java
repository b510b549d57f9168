package io.poolrelay.config.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * One YAML mapping being bound. Duplicate keys and keys that are not plain strings are reported as
 * soon as the mapping is opened; unknown keys when the binder says which keys it knows.
 */
final class YamlMap {

  private final String path;
  private final int line;
  private final BindContext context;
  private final Map<String, YamlValue> entries = new LinkedHashMap<>();
  private final Map<String, Integer> keyLines = new LinkedHashMap<>();

  YamlMap(MappingNode node, String path, int line, BindContext context) {
    this.path = path;
    this.line = line;
    this.context = context;
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      int keyLine = YamlValue.lineOf(keyNode);
      if (!(keyNode instanceof ScalarNode scalarKey)) {
        context.error(path, keyLine, "keys must be plain strings");
        continue;
      }
      String key = scalarKey.getValue();
      Integer firstLine = keyLines.get(key);
      if (firstLine != null) {
        context.error(childPath(key), keyLine, "duplicate key (first written on line " + firstLine + ")");
        continue;
      }
      keyLines.put(key, keyLine);
      Node valueNode = tuple.getValueNode();
      // A scalar is reported where it is written; a nested map or list where its key is.
      int valueLine = valueNode instanceof ScalarNode ? YamlValue.lineOf(valueNode) : keyLine;
      entries.put(key, new YamlValue(valueNode, childPath(key), valueLine, context));
    }
  }

  /** An empty mapping, for an empty document. */
  YamlMap(String path, BindContext context) {
    this.path = path;
    this.line = 0;
    this.context = context;
  }

  String path() {
    return path;
  }

  int line() {
    return line;
  }

  /** Reports every key not in {@code known}, listing the known ones so a typo is easy to fix. */
  void allowOnly(List<String> known) {
    for (Map.Entry<String, Integer> key : keyLines.entrySet()) {
      if (!known.contains(key.getKey())) {
        context.error(
            childPath(key.getKey()),
            key.getValue(),
            "unknown key (known: " + String.join(", ", known) + ")");
      }
    }
  }

  /**
   * For sections keyed by name ({@code upstreams}, {@code pools}): reports keys that are not valid
   * names, because names appear in logs and metric labels.
   */
  void checkKeysAreNames() {
    for (Map.Entry<String, Integer> key : keyLines.entrySet()) {
      if (!YamlValue.NAME.matcher(key.getKey()).matches()) {
        context.error(
            childPath(key.getKey()),
            key.getValue(),
            "'" + key.getKey() + "' is not a valid name (use letters, digits, '_', '.' and '-')");
      }
    }
  }

  /** The value of {@code key}; a key written without a value counts as not written. */
  Optional<YamlValue> get(String key) {
    YamlValue value = entries.get(key);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  /** Like {@link #get}, but a missing key is an error, reported at this mapping's line. */
  Optional<YamlValue> require(String key) {
    YamlValue value = entries.get(key);
    if (value == null) {
      // A missing top-level section has no place in the file to point at.
      context.error(childPath(key), path.isEmpty() ? 0 : line, "missing required key");
      return Optional.empty();
    }
    if (value.isNull()) {
      value.error("needs a value");
      return Optional.empty();
    }
    return Optional.of(value);
  }

  void error(String message) {
    context.error(path, line, message);
  }

  /** An error about a key that is not written, reported at this mapping's line. */
  void missing(String key, String message) {
    context.error(childPath(key), line, message);
  }

  boolean has(String key) {
    return get(key).isPresent();
  }

  /** The entries in file order, for sections keyed by name such as {@code upstreams}. */
  List<Map.Entry<String, YamlValue>> entries() {
    return new ArrayList<>(entries.entrySet());
  }

  int keyLine(String key) {
    return keyLines.getOrDefault(key, line);
  }

  String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
