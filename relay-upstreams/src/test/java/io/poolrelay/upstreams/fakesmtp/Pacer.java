package io.poolrelay.upstreams.fakesmtp;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A byte budget per period, owned by one connection thread. Waiting is done on the server's closing
 * latch, so close() ends a throttled connection at once instead of after its current period.
 */
final class Pacer {

  interface Closing {
    /** Waits up to {@code timeout}; true when the server is closing. */
    boolean await(Duration timeout) throws InterruptedException;
  }

  private final long bytesPerPeriod;
  private final long periodNanos;
  private final Closing closing;
  private long windowStart = System.nanoTime();
  private long used;

  Pacer(long bytesPerPeriod, Duration period, Closing closing) {
    this.bytesPerPeriod = bytesPerPeriod;
    this.periodNanos = period.toNanos();
    this.closing = closing;
  }

  /** Blocks until the budget has room, then grants between 1 and {@code wanted} bytes. */
  int grant(int wanted) throws IOException {
    while (true) {
      long now = System.nanoTime();
      if (now - windowStart >= periodNanos) {
        windowStart = now;
        used = 0;
      }
      long left = bytesPerPeriod - used;
      if (left > 0) {
        int granted = (int) Math.min(wanted, left);
        used += granted;
        return granted;
      }
      try {
        if (closing.await(Duration.ofNanos(windowStart + periodNanos - now))) {
          throw new IOException("fakesmtp: server closing");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("fakesmtp: interrupted while throttled");
      }
    }
  }

  /** Gives back what was granted but not used (a read returned fewer bytes). */
  void refund(int bytes) {
    used = Math.max(0, used - bytes);
  }

  InputStream throttle(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        int granted = grant(len);
        int n = super.read(b, off, granted);
        refund(granted - Math.max(n, 0));
        return n;
      }
    };
  }

  OutputStream throttle(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          int granted = grant(len);
          out.write(b, off, granted);
          out.flush();
          off += granted;
          len -= granted;
        }
      }
    };
  }
}
