package io.poolrelay.config.model;

import java.util.Optional;

/** One upstream sending server, keyed by its name in the {@code upstreams:} section. */
public sealed interface UpstreamConfig permits SmtpUpstreamConfig, FileUpstreamConfig, SesUpstreamConfig {

  String name();

  /** A disabled upstream stays in the config but is never picked. */
  boolean enabled();

  /** The {@code type:} value as written in YAML. */
  String type();

  /** Active health checks; off unless written for a file upstream. */
  HealthConfig health();

  /** Hourly, daily and rate limits; empty when none is written. */
  LimitsConfig limits();

  /** The warmup schedule, when the upstream is new. */
  Optional<WarmupConfig> warmup();

  /** The reputation guard that pauses the upstream when its results look bad. */
  GuardConfig guard();

  /** The sender rewrite this upstream applies to what it sends; {@link SenderRewrite#NONE} by default. */
  SenderRewrite rewrite();
}
