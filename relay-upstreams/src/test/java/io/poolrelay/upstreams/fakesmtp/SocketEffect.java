package io.poolrelay.upstreams.fakesmtp;

import java.time.Duration;
import java.util.Objects;

/**
 * An adverse action on the socket at one {@link Phase}, to exercise a client's failure paths.
 * Shaped after OkHttp MockWebServer's {@code SocketEffect}.
 */
public sealed interface SocketEffect
    permits SocketEffect.CloseSocket, SocketEffect.Stall, SocketEffect.Delay, SocketEffect.ShutdownOutput {

  /** Close the socket at once and send nothing (at CONNECT: OkHttp's DISCONNECT_AT_START). */
  record CloseSocket() implements SocketEffect {}

  /**
   * Never answer again: input is read and thrown away, and the socket stays open until the server is
   * closed (OkHttp's NO_RESPONSE). This is how a client's reply timeouts are tested.
   */
  record Stall() implements SocketEffect {}

  /** Wait, then carry on normally. During {@link Phase#DATA_BODY} this pauses reading the body. */
  record Delay(Duration duration) implements SocketEffect {
    public Delay {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative: " + duration);
      }
    }
  }

  /** Half-close: the client reads end-of-stream while the server keeps reading what it sends. */
  record ShutdownOutput() implements SocketEffect {}

  static SocketEffect closeSocket() {
    return new CloseSocket();
  }

  static SocketEffect stall() {
    return new Stall();
  }

  static SocketEffect delay(Duration duration) {
    return new Delay(duration);
  }

  static SocketEffect shutdownOutput() {
    return new ShutdownOutput();
  }
}
