package io.poolrelay.server.spool;

/** The spool's subdirectories, one per queue state. */
public enum QueueDirectory {
  /** Accepted and forced to disk; not yet picked for delivery. */
  INCOMING("incoming"),
  /** Being delivered now (bounded by {@code spool.max_active}). */
  ACTIVE("active"),
  /** Waiting for its next attempt; its {@code .state} file says when. */
  DEFERRED("deferred"),
  /** Could not be read; kept for an operator to inspect, never deleted. */
  CORRUPT("corrupt");

  private final String directoryName;

  QueueDirectory(String directoryName) {
    this.directoryName = directoryName;
  }

  public String directoryName() {
    return directoryName;
  }
}
