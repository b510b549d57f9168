package io.poolrelay.upstreams.smtp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes message content in the DATA form of RFC 5321 section 4.5.2: a line that starts with '.' gets
 * one more '.', and {@link #finish()} ends the data with {@code .CRLF}.
 *
 * <p>A line starts after any LF, not only after CRLF. The content should have no bare LF, but if one
 * slips through, a following {@code .} is stuffed too, so a {@code LF . CRLF} in the content can never
 * end the data early on a lenient server (the "SMTP smuggling" pattern).
 *
 * <p>Streaming: nothing is buffered here, so the caller's buffered stream decides the write sizes.
 * {@link #close()} flushes but leaves the connection's stream open.
 */
final class DotStuffingOutputStream extends FilterOutputStream {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] END_OF_DATA = {'.', '\r', '\n'};

  private boolean atLineStart = true;
  private boolean finished;

  DotStuffingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    if (b == '.' && atLineStart) {
      out.write('.');
    }
    out.write(b);
    atLineStart = b == '\n';
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    ensureOpen();
    int end = offset + length;
    int pending = offset;
    boolean lineStart = atLineStart;
    for (int i = offset; i < end; i++) {
      byte b = bytes[i];
      if (b == '.' && lineStart) {
        out.write(bytes, pending, i - pending);
        out.write('.');
        pending = i;
      }
      lineStart = b == '\n';
    }
    out.write(bytes, pending, end - pending);
    atLineStart = lineStart;
  }

  /** Ends the data: adds the CRLF the content lacks, if any, then the terminating {@code .CRLF}. */
  void finish() throws IOException {
    ensureOpen();
    if (!atLineStart) {
      out.write(CRLF);
    }
    out.write(END_OF_DATA);
    finished = true;
  }

  @Override
  public void close() throws IOException {
    flush();
  }

  private void ensureOpen() throws IOException {
    if (finished) {
      throw new IOException("data already ended with '.'");
    }
  }
}
