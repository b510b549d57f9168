/**
 * The relay's configuration: one YAML file in, validated immutable records out.
 *
 * <p>{@link io.poolrelay.config.RelayConfig} is the only type other modules start from. This module
 * does no I/O after loading and starts no threads.
 */
package io.poolrelay.config;
