package io.poolrelay.server.reload;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.server.delivery.FleetPoolCapacity;
import io.poolrelay.server.delivery.PoolDelivery;
import io.poolrelay.server.fleet.Fleet;
import io.poolrelay.server.message.HintHeaders;
import java.util.Objects;

/**
 * The configuration the relay runs now, with what was built from it: its upstreams, their capacity, the
 * routing of the next message and the hint headers the listeners read. A reload swaps the whole record at once, so a message is routed and
 * delivered by one configuration, never a mix.
 */
public record ActiveConfig(RelayConfig config, Fleet fleet, FleetPoolCapacity capacity, PoolDelivery delivery,
    HintHeaders hints) {

  public ActiveConfig {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(hints, "hints");
  }
}
