package io.poolrelay.server.spool;

import java.io.IOException;

/**
 * A spool file that cannot be used. {@code torn} means it ends before its trailer: a write that never
 * finished, which was never acknowledged and may be discarded. Anything else is corruption and the
 * file is quarantined.
 */
public final class SpoolFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final boolean torn;

  SpoolFormatException(String message, boolean torn) {
    super(message);
    this.torn = torn;
  }

  public boolean torn() {
    return torn;
  }
}
