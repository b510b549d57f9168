package io.poolrelay.config.load;

import io.poolrelay.config.model.LimitsConfig;
import io.poolrelay.config.model.RampWarmup;
import io.poolrelay.config.model.StepWarmup;
import io.poolrelay.config.model.WarmupConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Binds the per-upstream keys that bound how much mail an upstream takes: {@code hourly_limit},
 * {@code daily_limit}, {@code max_rate} and {@code burst}, and the {@code warmup:} schedule.
 */
final class TrafficBinder {

  static final List<String> LIMIT_KEYS = List.of("hourly_limit", "daily_limit", "max_rate", "burst");
  static final List<String> RAMP_KEYS = List.of("initial_daily", "growth", "until");
  static final List<String> WARMUP_KEYS = List.of("start", "daily", "initial_daily", "growth", "until");

  static final int DEFAULT_BURST = 1;

  LimitsConfig limits(YamlMap upstream) {
    OptionalLong hourly = optionalLong(upstream.get("hourly_limit").flatMap(v -> v.asLong(1)));
    OptionalLong daily = optionalLong(upstream.get("daily_limit").flatMap(v -> v.asLong(1)));
    Optional<Double> rate = upstream.get("max_rate").flatMap(v -> v.asDecimalAbove(0));
    int burst = upstream.get("burst").flatMap(v -> v.asInt(1, Integer.MAX_VALUE)).orElse(DEFAULT_BURST);
    if (!upstream.has("max_rate")) {
      // A burst is an allowance above a smooth rate; without the rate it would silently do nothing.
      upstream.get("burst").ifPresent(v -> v.error("only allowed with max_rate, which is not set"));
    }
    return new LimitsConfig(hourly, daily, rate.map(OptionalDouble::of).orElse(OptionalDouble.empty()), burst);
  }

  static LimitsConfig noLimits() {
    return new LimitsConfig(OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty(), DEFAULT_BURST);
  }

  Optional<WarmupConfig> warmup(YamlMap upstream) {
    Optional<YamlMap> found = upstream.get("warmup").flatMap(YamlValue::asMap);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    YamlMap map = found.get();
    map.allowOnly(WARMUP_KEYS);
    Optional<LocalDate> start = map.require("start").flatMap(YamlValue::asDate);
    boolean steps = map.has("daily");
    boolean ramp = RAMP_KEYS.stream().anyMatch(map::has);
    if (steps && ramp) {
      map.error("write either daily (steps) or initial_daily, growth and until (a ramp), not both");
      return Optional.empty();
    }
    if (!steps && !ramp) {
      map.error("needs daily (steps) or initial_daily, growth and until (a ramp)");
      return Optional.empty();
    }
    // The placeholder date only stands in while an error is already reported: the draft is discarded.
    LocalDate day = start.orElse(LocalDate.EPOCH);
    return steps ? Optional.of(steps(map, day)) : ramp(map, day).map(WarmupConfig.class::cast);
  }

  private static StepWarmup steps(YamlMap map, LocalDate start) {
    List<Long> daily = new ArrayList<>();
    YamlValue value = map.get("daily").orElseThrow();
    Optional<List<YamlValue>> items = value.asList();
    if (items.isPresent() && items.get().isEmpty()) {
      value.error("must list at least one daily limit");
    }
    long previous = 0;
    int previousIndex = -1;
    List<YamlValue> list = items.orElse(List.of());
    for (int i = 0; i < list.size(); i++) {
      Optional<Long> step = list.get(i).asLong(1);
      if (step.isEmpty()) {
        continue;
      }
      // A warmup that shrinks is almost always a typo (a dropped zero), so it is refused.
      if (step.get() < previous) {
        list.get(i).error(
            "must not be less than daily[" + previousIndex + "] (" + previous + "), was " + list.get(i).quoted());
      }
      previous = step.get();
      previousIndex = i;
      daily.add(step.get());
    }
    return new StepWarmup(start, daily);
  }

  private static Optional<RampWarmup> ramp(YamlMap map, LocalDate start) {
    Optional<Long> initial = map.require("initial_daily").flatMap(v -> v.asLong(1));
    Optional<Double> growth = map.require("growth").flatMap(v -> v.asDecimalAbove(1));
    Optional<YamlValue> untilValue = map.require("until");
    Optional<Long> until = untilValue.flatMap(v -> v.asLong(1));
    if (initial.isPresent() && until.isPresent() && until.get() < initial.get()) {
      untilValue.get().error("must be >= initial_daily (" + initial.get() + "), was " + untilValue.get().quoted());
    }
    if (initial.isEmpty() || growth.isEmpty() || until.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RampWarmup(start, initial.get(), growth.get(), until.get()));
  }

  private static OptionalLong optionalLong(Optional<Long> value) {
    return value.map(OptionalLong::of).orElse(OptionalLong.empty());
  }
}
