package io.poolrelay.upstreams.fakesmtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads LF-terminated lines with their terminators. Keeps its own buffer so that the session can
 * tell, and discard, what a client pipelined past STARTTLS.
 */
final class LineReader {

  private final InputStream in;
  private final int maxLine;
  private final byte[] buffer = new byte[8192];
  private int position;
  private int limit;

  LineReader(InputStream in, int maxLine) {
    this.in = in;
    this.maxLine = maxLine;
  }

  /** The next line including its CRLF or LF, or null at end of stream (a partial last line is dropped). */
  byte[] readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      if (position == limit && !fill()) {
        return null;
      }
      int start = position;
      while (position < limit) {
        if (buffer[position++] == '\n') {
          line.write(buffer, start, position - start);
          return line.toByteArray();
        }
      }
      line.write(buffer, start, position - start);
      if (line.size() > maxLine) {
        throw new IOException("fakesmtp: line longer than " + maxLine + " bytes");
      }
    }
  }

  /** Bytes that can be read without blocking: those buffered here and those waiting in the stream. */
  int available() throws IOException {
    return limit - position + in.available();
  }

  void discardBuffered() {
    position = limit;
  }

  /** Reads and throws away everything until the peer closes. */
  void drain() throws IOException {
    discardBuffered();
    while (fill()) {
      discardBuffered();
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n < 0) {
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }
}
