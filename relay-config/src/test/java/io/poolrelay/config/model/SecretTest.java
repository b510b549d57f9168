package io.poolrelay.config.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretTest {

  @Test
  void toStringNeverShowsTheValue() {
    Secret secret = new Secret("hunter2");

    assertEquals("******", secret.toString());
    assertFalse(String.valueOf(Optional.of(secret)).contains("hunter2"));
  }

  @Test
  void valueIsStillAvailableToTheCodeThatNeedsIt() {
    assertEquals("hunter2", new Secret("hunter2").value());
  }
}
