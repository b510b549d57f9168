package io.poolrelay.upstreams.smtp;

import io.poolrelay.config.model.SmtpUpstreamConfig;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.MessageContent;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.Upstream;
import io.poolrelay.upstreams.time.Ticker;

/**
 * An SMTP server as an {@link Upstream}: each {@link #deliver} borrows a pooled connection (waiting
 * while all {@code max_connections} are busy), runs one transaction on it, and returns or discards it.
 *
 * <p>Safe for many threads at once; made for virtual threads that block here. A pooled connection the
 * server dropped while idle shows up only when used, so a failure before any reply of a reused
 * connection is retried once on a fresh one: nothing was accepted yet, so nothing can be duplicated.
 */
public final class SmtpUpstream implements Upstream {

  private final SmtpUpstreamConfig config;
  private final SmtpConnector connector;
  private final SmtpConnectionPool pool;
  private final OutcomeRules rules;

  public SmtpUpstream(SmtpUpstreamConfig config, Ticker ticker) {
    this.config = config;
    this.connector = new SmtpConnector(config, ticker);
    this.pool = new SmtpConnectionPool(
        config.maxConnections(), config.maxMessagesPerConnection(), config.idleTimeout(), ticker);
    this.rules = new OutcomeRules(config.failoverOn());
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public TransactionResult deliver(Envelope envelope, MessageContent content) throws InterruptedException {
    SmtpConnection connection;
    try {
      connection = pool.acquire();
    } catch (SmtpConnectionPool.ClosedException e) {
      return failedEverywhere(envelope, Replies.upstreamClosed());
    }
    boolean mayRetry = true;
    boolean slotHeld = true;
    try {
      while (true) {
        boolean reused = connection != null;
        if (connection == null) {
          try {
            connection = connector.open();
          } catch (StageFailure failure) {
            slotHeld = false;
            pool.release(null, false);
            return failedEverywhere(envelope, failure.reply());
          }
        }
        Transaction.Attempt attempt = new Transaction(name(), connection, envelope, content, rules, reused).run();
        if (attempt.staleConnection() && mayRetry) {
          // Same slot, new connection: the stale one is closed and never counted twice.
          connection.close();
          connection = null;
          mayRetry = false;
          continue;
        }
        slotHeld = false;
        pool.release(connection, attempt.reusable());
        return attempt.result();
      }
    } finally {
      if (slotHeld) {
        // Only a bug gets here (a RuntimeException); the slot must not leak with it.
        if (connection != null) {
          connection.close();
        }
        pool.release(null, false);
      }
    }
  }

  /**
   * Sets up a session the way deliveries do (connect, TLS, EHLO, AUTH), then QUITs. Uses its own
   * connection, so it works while the pool is busy and tells nothing about pooled ones.
   */
  public ConnectionCheckResult checkConnection() {
    SmtpConnection connection;
    try {
      connection = connector.open();
    } catch (StageFailure failure) {
      Stage reported = switch (failure.stage()) {
        case GREETING -> Stage.CONNECT;
        case STARTTLS -> Stage.TLS;
        default -> failure.stage();
      };
      return ConnectionCheckResult.failed(reported, failure.reply().toString());
    }
    Extensions extensions = connection.extensions();
    connection.quit();
    return ConnectionCheckResult.passed(connector.peer() + " accepted the session (tls " + config.tls()
        + (config.username().isPresent() ? ", authenticated" : "")
        + (extensions.pipelining() ? ", pipelining" : "") + ")");
  }

  /** Connections open or being opened now, for a gauge. */
  public int openConnections() {
    return pool.openConnections();
  }

  /** QUITs idle connections; busy ones finish their transaction and then close. Later deliveries are deferred. */
  @Override
  public void close() {
    pool.close();
  }

  private TransactionResult failedEverywhere(Envelope envelope, io.poolrelay.upstreams.SmtpReply reply) {
    return TransactionResult.uniform(name(), envelope, OutcomeRules.sessionFailed(reply));
  }

  @Override
  public String toString() {
    return "SmtpUpstream[" + config.name() + " " + connector.peer() + "]";
  }
}
