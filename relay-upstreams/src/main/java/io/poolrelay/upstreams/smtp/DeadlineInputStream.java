package io.poolrelay.upstreams.smtp;

import io.poolrelay.upstreams.time.Ticker;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Gives a whole reply one deadline. A socket's read timeout restarts with every byte, so a peer that
 * drips one byte just inside it could hold a connection for ever; here each read from the socket
 * only gets the time left until the deadline.
 */
final class DeadlineInputStream extends FilterInputStream {

  private final Socket socket;
  private final Ticker ticker;
  private long deadlineNanos;
  private int socketTimeoutMillis = -1;

  DeadlineInputStream(Socket socket, InputStream in, Ticker ticker) {
    super(in);
    this.socket = socket;
    this.ticker = ticker;
  }

  /** The reply about to be read must be complete within {@code timeout}. */
  void startDeadline(Duration timeout) {
    deadlineNanos = ticker.nanoTime() + timeout.toNanos();
  }

  @Override
  public int read() throws IOException {
    armTimeout();
    return in.read();
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    armTimeout();
    return in.read(bytes, offset, length);
  }

  private void armTimeout() throws IOException {
    long leftNanos = deadlineNanos - ticker.nanoTime();
    if (leftNanos <= 0) {
      throw new SocketTimeoutException("reply deadline passed");
    }
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (leftNanos + 999_999) / 1_000_000));
    if (millis != socketTimeoutMillis) {
      socket.setSoTimeout(millis);
      socketTimeoutMillis = millis;
    }
  }
}
