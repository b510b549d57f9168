package io.poolrelay.config.load;

import io.poolrelay.config.model.GuardConfig;
import io.poolrelay.config.model.HealthConfig;
import io.poolrelay.config.units.DurationParser;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Binds the two per-upstream keys that decide whether an upstream may be used: {@code health:} (is
 * it up?) and {@code guard:} (is it hurting its reputation?). Both are optional and every key in them
 * has a default.
 */
final class HealthBinder {

  static final List<String> HEALTH_KEYS =
      List.of("enabled", "interval", "timeout", "failures_to_down", "cool_down", "max_cool_down");
  static final List<String> GUARD_KEYS =
      List.of("enabled", "window", "min_sample", "bounce_rate", "deferral_rate", "complaint_rate", "pause_for");

  static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(30);
  static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(10);
  static final int DEFAULT_FAILURES_TO_DOWN = 3;
  static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(30);
  static final Duration DEFAULT_MAX_COOL_DOWN = Duration.ofMinutes(10);

  static final boolean DEFAULT_GUARD_ENABLED = true;
  static final Duration DEFAULT_GUARD_WINDOW = Duration.ofHours(1);
  static final int DEFAULT_MIN_SAMPLE = 200;
  static final double DEFAULT_BOUNCE_RATE = 0.03;
  static final double DEFAULT_DEFERRAL_RATE = 0.20;
  static final double DEFAULT_COMPLAINT_RATE = 0.001;
  static final Duration DEFAULT_PAUSE_FOR = Duration.ofHours(1);

  /**
   * The {@code health:} of an upstream. {@code enabledByDefault} differs by type: an SMTP server can
   * go down, a local directory is checked when the message is written.
   */
  HealthConfig health(YamlMap upstream, boolean enabledByDefault) {
    Optional<YamlMap> found = upstream.get("health").flatMap(YamlValue::asMap);
    if (found.isEmpty()) {
      return defaultHealth(enabledByDefault);
    }
    YamlMap map = found.get();
    map.allowOnly(HEALTH_KEYS);
    boolean enabled = map.get("enabled").flatMap(YamlValue::asBoolean).orElse(enabledByDefault);
    Duration interval = duration(map, "interval", DEFAULT_HEALTH_INTERVAL);
    // Deliberately not compared with the interval: a slow upstream may need a timeout longer than it.
    Duration timeout = duration(map, "timeout", DEFAULT_HEALTH_TIMEOUT);
    int failuresToDown =
        map.get("failures_to_down").flatMap(v -> v.asInt(1, Integer.MAX_VALUE)).orElse(DEFAULT_FAILURES_TO_DOWN);
    Duration coolDown = duration(map, "cool_down", DEFAULT_COOL_DOWN);
    Duration maxCoolDown = duration(map, "max_cool_down", DEFAULT_MAX_COOL_DOWN);
    if (maxCoolDown.compareTo(coolDown) < 0) {
      // Reported at the key the operator wrote: max_cool_down if written, else cool_down.
      Optional<YamlValue> maxWritten = map.get("max_cool_down");
      if (maxWritten.isPresent()) {
        maxWritten.get().error(
            "must be >= cool_down (" + DurationParser.format(coolDown) + "), was " + maxWritten.get().quoted());
      } else {
        map.get("cool_down").ifPresent(v -> v.error(
            "must be <= max_cool_down (" + DurationParser.format(maxCoolDown) + ", the default), was " + v.quoted()));
      }
    }
    return new HealthConfig(enabled, interval, timeout, failuresToDown, coolDown, maxCoolDown);
  }

  static HealthConfig defaultHealth(boolean enabled) {
    return new HealthConfig(
        enabled,
        DEFAULT_HEALTH_INTERVAL,
        DEFAULT_HEALTH_TIMEOUT,
        DEFAULT_FAILURES_TO_DOWN,
        DEFAULT_COOL_DOWN,
        DEFAULT_MAX_COOL_DOWN);
  }

  GuardConfig guard(YamlMap upstream) {
    Optional<YamlMap> found = upstream.get("guard").flatMap(YamlValue::asMap);
    if (found.isEmpty()) {
      return defaultGuard();
    }
    YamlMap map = found.get();
    map.allowOnly(GUARD_KEYS);
    boolean enabled = map.get("enabled").flatMap(YamlValue::asBoolean).orElse(DEFAULT_GUARD_ENABLED);
    Duration window = duration(map, "window", DEFAULT_GUARD_WINDOW);
    int minSample = map.get("min_sample").flatMap(v -> v.asInt(1, Integer.MAX_VALUE)).orElse(DEFAULT_MIN_SAMPLE);
    double bounceRate = rate(map, "bounce_rate", DEFAULT_BOUNCE_RATE);
    double deferralRate = rate(map, "deferral_rate", DEFAULT_DEFERRAL_RATE);
    double complaintRate = rate(map, "complaint_rate", DEFAULT_COMPLAINT_RATE);
    Duration pauseFor = duration(map, "pause_for", DEFAULT_PAUSE_FOR);
    return new GuardConfig(enabled, window, minSample, bounceRate, deferralRate, complaintRate, pauseFor);
  }

  static GuardConfig defaultGuard() {
    return new GuardConfig(
        DEFAULT_GUARD_ENABLED,
        DEFAULT_GUARD_WINDOW,
        DEFAULT_MIN_SAMPLE,
        DEFAULT_BOUNCE_RATE,
        DEFAULT_DEFERRAL_RATE,
        DEFAULT_COMPLAINT_RATE,
        DEFAULT_PAUSE_FOR);
  }

  private static Duration duration(YamlMap map, String key, Duration fallback) {
    return map.get(key).flatMap(YamlValue::asPositiveDuration).orElse(fallback);
  }

  private static double rate(YamlMap map, String key, double fallback) {
    return map.get(key).flatMap(YamlValue::asRate).orElse(fallback);
  }
}
