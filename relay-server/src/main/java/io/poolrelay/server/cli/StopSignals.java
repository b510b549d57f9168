package io.poolrelay.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * Makes SIGTERM and SIGINT a request to stop that {@code serve} answers itself, rather than the JVM's
 * default: run the shutdown hooks, then exit with 128 + the signal number (143 for SIGTERM), which a
 * service manager reads as a failure even after a clean drain. With the handlers in place the JVM
 * does not begin its shutdown on those signals; {@code serve} drains, returns 0, and {@code Main}
 * exits with it.
 *
 * <p>{@code sun.misc.Signal} lives in the {@code jdk.unsupported} module, which exports it to every
 * module on purpose (JEP 260) because there is no supported replacement. Where the JVM refuses a
 * handler (run with {@code -Xrs}, or the signal is reserved), the shutdown hook still drains and only
 * the exit status is the JVM's.
 */
final class StopSignals {

  private static final List<String> STOPPING = List.of("TERM", "INT");

  private StopSignals() {}

  /**
   * Calls {@code stop} with the signal's name (TERM, INT) each time one arrives, on the JVM's signal
   * thread; returns the names it could not take over (empty when all went well).
   */
  static List<String> install(Consumer<String> stop) {
    List<String> refused = new ArrayList<>();
    for (String name : STOPPING) {
      try {
        Signal.handle(new Signal(name), signal -> stop.accept(signal.getName()));
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        refused.add(name);
      }
    }
    return List.copyOf(refused);
  }
}
