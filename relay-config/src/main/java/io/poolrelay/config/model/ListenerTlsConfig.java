package io.poolrelay.config.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * STARTTLS on a listener. The files are only checked for existence at load time; they are parsed when
 * the listener starts, so that {@code check-config} never handles key material.
 *
 * @param certificate PEM file: the leaf certificate first, then the chain
 * @param key         PEM file: the private key in PKCS#8 ({@code BEGIN PRIVATE KEY}), RSA or EC
 */
public record ListenerTlsConfig(Path certificate, Path key) {

  public ListenerTlsConfig {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(key, "key");
  }
}
