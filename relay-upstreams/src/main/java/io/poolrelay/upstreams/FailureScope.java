package io.poolrelay.upstreams;

/**
 * Who a failure concerns, which decides who acts on it: {@code UPSTREAM} failures feed health and
 * send the message to the pool's next member, {@code MESSAGE} failures go to the retry schedule,
 * {@code RECIPIENT} failures settle that one recipient.
 */
public enum FailureScope {
  RECIPIENT,
  MESSAGE,
  UPSTREAM
}
