package io.poolrelay.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * One listener's counters, registered (at zero) when the listener is built so that every series
 * exists from the start: connections admitted, messages accepted, their bytes, and rejections by
 * {@link RejectReason}.
 */
public final class ListenerMeters {

  private final Counter connections;
  private final Counter accepted;
  private final Counter bytes;
  private final Map<RejectReason, Counter> rejections = new EnumMap<>(RejectReason.class);

  ListenerMeters(MeterRegistry registry, String listener) {
    this.connections = Counter.builder("poolrelay.listener.connections")
        .description("SMTP connections the listener admitted (refusals count as rejections)")
        .tag("listener", listener)
        .register(registry);
    this.accepted = Counter.builder("poolrelay.listener.messages.accepted")
        .description("Messages the listener spooled and answered 250")
        .tag("listener", listener)
        .register(registry);
    this.bytes = Counter.builder("poolrelay.listener.received")
        .description("Bytes of DATA of the accepted messages, as the client sent them (after dot-unstuffing)")
        .baseUnit("bytes")
        .tag("listener", listener)
        .register(registry);
    for (RejectReason reason : RejectReason.values()) {
      rejections.put(reason, Counter.builder("poolrelay.listener.rejections")
          .description("Connections, commands and messages the listener refused, by reason")
          .tag("listener", listener)
          .tag("reason", reason.label())
          .register(registry));
    }
  }

  /** A connection was admitted (past the client check). */
  public void connected() {
    connections.increment();
  }

  /** A message of {@code size} bytes was spooled and acknowledged. */
  public void accepted(long size) {
    accepted.increment();
    bytes.increment(size);
  }

  /** Something was refused for {@code reason}. */
  public void rejected(RejectReason reason) {
    rejections.get(reason).increment();
  }
}
