package io.poolrelay.upstreams.smtp;

import io.poolrelay.upstreams.time.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most {@code max_connections} open connections to one upstream, idle ones kept for reuse.
 *
 * <p>A slot counts a connection from the moment a caller is allowed to open it until it is closed, so
 * a slow connect still holds its place. Idle connections are reused newest first, which lets the
 * surplus age out under light load. Idle age is checked with the injected {@link Ticker} when
 * borrowing: no background thread sweeps the pool. QUIT and close happen outside the lock, since
 * they wait on the network.
 */
final class SmtpConnectionPool {

  /** Thrown by {@link #acquire()} once the pool is closed. */
  static final class ClosedException extends Exception {
    ClosedException() {
      super("connection pool closed", null, false, false);
    }
  }

  private final int maxConnections;
  private final int maxMessagesPerConnection;
  private final long idleTimeoutNanos;
  private final Ticker ticker;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition slotFreed = lock.newCondition();
  private final Deque<SmtpConnection> idle = new ArrayDeque<>();
  private int open;
  private boolean closed;

  SmtpConnectionPool(int maxConnections, int maxMessagesPerConnection, Duration idleTimeout, Ticker ticker) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("max_connections was " + maxConnections + " but it must be >= 1");
    }
    this.maxConnections = maxConnections;
    this.maxMessagesPerConnection = maxMessagesPerConnection;
    this.idleTimeoutNanos = idleTimeout.toNanos();
    this.ticker = ticker;
  }

  /**
   * Waits for a slot. Returns an idle connection to reuse, or null: then the slot is the caller's,
   * to open a new connection in, and to give back with {@link #release}.
   */
  SmtpConnection acquire() throws InterruptedException, ClosedException {
    List<SmtpConnection> expired = new ArrayList<>();
    try {
      lock.lockInterruptibly();
      try {
        while (true) {
          if (closed) {
            throw new ClosedException();
          }
          SmtpConnection candidate = idle.pollFirst();
          if (candidate != null) {
            if (ticker.nanoTime() - candidate.idleSinceNanos() > idleTimeoutNanos) {
              expired.add(candidate);
              open--;
              continue;
            }
            return candidate;
          }
          if (open < maxConnections) {
            open++;
            return null;
          }
          slotFreed.await();
        }
      } finally {
        if (!expired.isEmpty()) {
          slotFreed.signalAll();
        }
        lock.unlock();
      }
    } finally {
      expired.forEach(SmtpConnection::quit);
    }
  }

  /**
   * Gives the slot back. A {@code reusable} connection below its message limit becomes idle; any
   * other is closed (with QUIT when it is still in a clean state). {@code connection} is null when
   * opening one failed.
   */
  void release(SmtpConnection connection, boolean reusable) {
    boolean keep = connection != null
        && reusable
        && !connection.isClosed()
        && connection.transactions() < maxMessagesPerConnection;
    lock.lock();
    try {
      if (keep && !closed) {
        connection.idleSince(ticker.nanoTime());
        idle.addFirst(connection);
      } else {
        open--;
        keep = false;
      }
      slotFreed.signal();
    } finally {
      lock.unlock();
    }
    if (!keep && connection != null) {
      if (reusable) {
        connection.quit();
      } else {
        connection.close();
      }
    }
  }

  /** Connections open or being opened, for gauges. */
  int openConnections() {
    lock.lock();
    try {
      return open;
    } finally {
      lock.unlock();
    }
  }

  /** Stops lending, QUITs idle connections and wakes every waiter; borrowed ones close when released. */
  void close() {
    List<SmtpConnection> toQuit;
    lock.lock();
    try {
      closed = true;
      toQuit = new ArrayList<>(idle);
      open -= idle.size();
      idle.clear();
      slotFreed.signalAll();
    } finally {
      lock.unlock();
    }
    toQuit.forEach(SmtpConnection::quit);
  }
}
