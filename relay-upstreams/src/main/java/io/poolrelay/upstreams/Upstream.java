package io.poolrelay.upstreams;

/**
 * A sending server. Implementations are safe for concurrent use and bound their own concurrency
 * (an SMTP upstream blocks the caller until one of its {@code max_connections} is free).
 */
public interface Upstream extends AutoCloseable {

  String name();

  /**
   * Hands the message over in one transaction with every recipient of the envelope. Never throws
   * for a peer's reply or a network failure: those are outcomes.
   */
  TransactionResult deliver(Envelope envelope, MessageContent content) throws InterruptedException;

  /**
   * Whether the upstream takes a message of {@code size} bytes at all. Most do (the peer says if not);
   * an API with a fixed limit (SES) says no beforehand, so the relay offers the message to another
   * member instead.
   */
  default boolean acceptsSize(long size) {
    return true;
  }

  /** Releases connections and other resources; deliveries after this fail. */
  @Override
  void close();
}
