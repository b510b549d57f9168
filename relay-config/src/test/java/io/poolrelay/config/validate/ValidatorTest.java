package io.poolrelay.config.validate;

import io.poolrelay.config.model.SenderRewrite;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.model.AdminConfig;
import io.poolrelay.config.model.FileUpstreamConfig;
import io.poolrelay.config.model.GuardConfig;
import io.poolrelay.config.model.HealthConfig;
import io.poolrelay.config.model.HostPort;
import io.poolrelay.config.model.LimitsConfig;
import io.poolrelay.config.model.PoolConfig;
import io.poolrelay.config.model.PoolMember;
import io.poolrelay.config.model.RetryConfig;
import io.poolrelay.config.model.RoutingConfig;
import io.poolrelay.config.model.SelectionStrategy;
import io.poolrelay.config.model.SpoolConfig;
import io.poolrelay.config.model.UpstreamConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The validator on records built in code, as a caller without a YAML file would use it. */
class ValidatorTest {

  private final Validator validator = new Validator();

  private static RelayConfig config(Map<String, PoolConfig> pools, String defaultPool) {
    FileUpstreamConfig out =
        new FileUpstreamConfig(
            "out",
            true,
            Path.of("out"),
            new HealthConfig(false, Duration.ofSeconds(30), Duration.ofSeconds(10), 3, Duration.ofSeconds(30),
                Duration.ofMinutes(10)),
            new LimitsConfig(OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty(), 1),
            Optional.empty(),
            new GuardConfig(true, Duration.ofHours(1), 200, 0.03, 0.20, 0.001, Duration.ofHours(1)),
            SenderRewrite.NONE);
    Map<String, UpstreamConfig> upstreams = Map.of("out", out);
    return new RelayConfig(
        List.of(),
        upstreams,
        pools,
        new RoutingConfig(List.of("X-Campaign"), true, List.of(), defaultPool),
        new SpoolConfig(Path.of("spool"), new RetryConfig(List.of(Duration.ofMinutes(1)), Duration.ofDays(1)), 10),
        new AdminConfig(true, new HostPort("127.0.0.1", 8025), Optional.empty()));
  }

  private static PoolConfig pool(String name, String fallback, String... upstreams) {
    List<PoolMember> members = java.util.Arrays.stream(upstreams).map(u -> new PoolMember(u, 1)).toList();
    return new PoolConfig(name, SelectionStrategy.WEIGHTED, members, Optional.ofNullable(fallback));
  }

  @Test
  void consistentConfigHasNoErrors() {
    Map<String, PoolConfig> pools = new LinkedHashMap<>();
    pools.put("all", pool("all", null, "out"));
    pools.put("bulk", pool("bulk", "all", "out"));

    assertEquals(List.of(), validator.validate(config(pools, "all"), SourceLines.NONE));
  }

  @Test
  void fallbackLoopIsReportedOnceAtItsFirstPool() {
    Map<String, PoolConfig> pools = new LinkedHashMap<>();
    pools.put("a", pool("a", "b", "out"));
    pools.put("b", pool("b", "a", "out"));
    pools.put("c", pool("c", "a", "out"));

    assertEquals(
        List.of(new ConfigError("pools.a.fallback", 0, "fallback chain loops: a -> b -> a")),
        validator.validate(config(pools, "a"), SourceLines.NONE));
  }

  @Test
  void sameUpstreamTwiceInOnePoolIsAnError() {
    Map<String, PoolConfig> pools = Map.of("all", pool("all", null, "out", "out"));

    assertEquals(
        List.of(new ConfigError(
            "pools.all.members[1].upstream", 7, "upstream 'out' is already a member of this pool (members[0])")),
        validator.validate(config(pools, "all"), path -> 7));
  }

  @Test
  void emptyReferencesAreLeftToTheBinderThatReportedThem() {
    Map<String, PoolConfig> pools = Map.of("all", pool("all", null, ""));

    assertEquals(List.of(), validator.validate(config(pools, ""), SourceLines.NONE));
  }
}
