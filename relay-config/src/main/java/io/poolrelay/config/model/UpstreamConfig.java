package io.poolrelay.config.model;

/** One upstream sending server, keyed by its name in the {@code upstreams:} section. */
public sealed interface UpstreamConfig permits SmtpUpstreamConfig, FileUpstreamConfig {

  String name();

  /** A disabled upstream stays in the config but is never picked. */
  boolean enabled();

  /** The {@code type:} value as written in YAML. */
  String type();
}
