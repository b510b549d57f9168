package io.poolrelay.server.delivery;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many message bytes delivery may hold in memory at once. Within the budget a message travels
 * from the listener to the upstream without touching the disk again; beyond it, its bytes are read
 * from the spool file when sent, so memory stays bounded whatever the queue's size and message size.
 */
final class MemoryBudget {

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  MemoryBudget(long limit) {
    this.limit = limit;
  }

  boolean tryReserve(long bytes) {
    while (true) {
      long current = used.get();
      if (current + bytes > limit) {
        return false;
      }
      if (used.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    if (bytes > 0) {
      used.addAndGet(-bytes);
    }
  }
}
