package io.poolrelay.server.smtp;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.subethamail.smtp.server.Session;

/**
 * The open sessions of one listener and which of them are inside a mail transaction (from an accepted
 * MAIL to the reply to DATA), so that a stop can be graceful: once {@link #drain} is called, new
 * sessions and new transactions are refused with 421 while transactions under way may finish.
 * Beginning a transaction and starting the drain take the same lock, so no MAIL slips past a drain
 * that has counted the transactions.
 */
final class ListenerSessions {

  private final String shuttingDownReply;
  private final Set<Session> open = new HashSet<>();
  private final Set<Session> inTransaction = new HashSet<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition transactionEnded = lock.newCondition();
  private boolean draining;

  /** {@code hostname}: the listener's name for itself, used in the 421. */
  ListenerSessions(String hostname) {
    this.shuttingDownReply = Replies.shuttingDown(hostname);
  }

  /** The whole 421 line that refuses a session or a transaction once the drain has begun. */
  String shuttingDownReply() {
    return shuttingDownReply;
  }

  /** Registers a new session; false once draining, and then the session must be refused. */
  boolean opened(Session session) {
    lock.lock();
    try {
      if (draining) {
        return false;
      }
      open.add(session);
      return true;
    } finally {
      lock.unlock();
    }
  }

  void closed(Session session) {
    lock.lock();
    try {
      open.remove(session);
      if (inTransaction.remove(session)) {
        transactionEnded.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Called for MAIL before it is accepted; false once draining, and then the session must end with 421. */
  boolean transactionBegins(Session session) {
    lock.lock();
    try {
      if (draining) {
        return false;
      }
      inTransaction.add(session);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Called once the transaction is over: the reply to DATA sent, RSET, EHLO, STARTTLS or refused MAIL. */
  void transactionEnded(Session session) {
    lock.lock();
    try {
      if (inTransaction.remove(session)) {
        transactionEnded.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops admitting sessions and transactions; returns how many sessions are open. */
  int drain() {
    lock.lock();
    try {
      draining = true;
      return open.size();
    } finally {
      lock.unlock();
    }
  }

  int openCount() {
    lock.lock();
    try {
      return open.size();
    } finally {
      lock.unlock();
    }
  }

  int transactionCount() {
    lock.lock();
    try {
      return inTransaction.size();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until no session is inside a transaction; false when {@code timeout} passed first. */
  boolean awaitNoTransactions(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      long left = timeout.toNanos();
      while (!inTransaction.isEmpty()) {
        if (left <= 0) {
          return false;
        }
        left = transactionEnded.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Tells every session still open that the server is going away (RFC 5321 section 3.8: a server
   * that is shut down should send 421 before it exits). Best effort: the connection is closed next.
   */
  void sayGoodbye() {
    List<Session> remaining;
    lock.lock();
    try {
      remaining = List.copyOf(open);
    } finally {
      lock.unlock();
    }
    for (Session session : remaining) {
      try {
        session.sendResponse(shuttingDownReply);
      } catch (IOException | RuntimeException e) {
        // The client is gone already; the connection is closed next either way.
      }
    }
  }
}
