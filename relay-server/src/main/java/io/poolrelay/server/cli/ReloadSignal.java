package io.poolrelay.server.cli;

import sun.misc.Signal;

/**
 * Makes SIGHUP a request to reload the configuration, as daemons do (and as the systemd unit's
 * {@code ExecReload} sends). Without a handler the JVM would treat it as a request to stop. See
 * {@link StopSignals} for why {@code sun.misc.Signal}.
 */
final class ReloadSignal {

  private ReloadSignal() {}

  /**
   * Runs {@code reload} on a thread of its own each time SIGHUP arrives, so a slow reload never holds
   * the JVM's signal thread; false when the JVM refused the handler.
   */
  static boolean install(Runnable reload) {
    try {
      Signal.handle(new Signal("HUP"), signal -> Thread.ofVirtual().name("relay-reload").start(reload));
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return false;
    }
  }
}
