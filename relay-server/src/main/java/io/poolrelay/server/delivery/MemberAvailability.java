package io.poolrelay.server.delivery;

import io.poolrelay.config.RelayConfig;
import java.util.Optional;

/** Why a pool member cannot be used right now, or empty when it can. */
@FunctionalInterface
public interface MemberAvailability {

  Optional<String> unavailable(String upstream);

  /** What the configuration alone says: only disabled upstreams are out. */
  static MemberAvailability fromConfig(RelayConfig config) {
    return upstream -> config.upstream(upstream).enabled()
        ? Optional.empty()
        : Optional.of("disabled (enabled: false)");
  }
}
