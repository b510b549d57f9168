package io.poolrelay.server.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A parsed Prometheus text exposition: one sample per line, {@code name{label="value",...} number}. */
public final class PrometheusText {

  /** One sample. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;

  private PrometheusText(List<Sample> samples) {
    this.samples = samples;
  }

  public static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name;
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        String inside = line.substring(brace + 1, line.lastIndexOf('}'));
        int i = 0;
        while (i < inside.length()) {
          int equals = inside.indexOf('=', i);
          String key = inside.substring(i, equals).strip();
          StringBuilder value = new StringBuilder();
          int j = equals + 2;
          while (inside.charAt(j) != '"') {
            if (inside.charAt(j) == '\\') {
              j++;
            }
            value.append(inside.charAt(j++));
          }
          labels.put(key, value.toString());
          i = j + 1;
          if (i < inside.length() && inside.charAt(i) == ',') {
            i++;
          }
        }
      } else {
        name = line.substring(0, space);
      }
      samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1).replace("+Inf", "Infinity")
          .replace("-Inf", "-Infinity"))));
    }
    return new PrometheusText(samples);
  }

  /** The value of the one sample named {@code name} whose labels include {@code labels} (pairs), if any. */
  public Optional<Double> find(String name, String... labels) {
    List<Sample> matching = matching(name, labels);
    if (matching.size() > 1) {
      throw new AssertionError("more than one sample " + name + " " + List.of(labels) + ": " + matching);
    }
    return matching.stream().findFirst().map(Sample::value);
  }

  /** Like {@link #find}, but the sample must exist. */
  public double value(String name, String... labels) {
    return find(name, labels).orElseThrow(() -> new AssertionError("no sample " + name + " " + List.of(labels)));
  }

  public List<Sample> matching(String name, String... labels) {
    List<Sample> out = new ArrayList<>();
    for (Sample sample : samples) {
      if (!sample.name().equals(name)) {
        continue;
      }
      boolean all = true;
      for (int i = 0; i < labels.length; i += 2) {
        all &= labels[i + 1].equals(sample.labels().get(labels[i]));
      }
      if (all) {
        out.add(sample);
      }
    }
    return out;
  }

  /** Every sample name. */
  public Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples.forEach(sample -> names.add(sample.name()));
    return names;
  }
}
