package io.poolrelay.server.message;

import io.poolrelay.config.model.LineEndingPolicy;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the DATA section of one message straight off the connection, in one pass.
 *
 * <p>The input is the client's bytes after the 354 reply, up to and including the terminating
 * {@code CRLF.CRLF}. The reader ends exactly there: it reads in chunks under a mark and, once it has
 * found the terminator, resets and skips to just past it, so pipelined commands that follow stay for
 * the session. (Reading byte by byte through SubEthaSMTP's terminator stream cost most of the relay's
 * CPU on large messages.) Only {@code CRLF . CRLF} ends the data, as in SubEthaSMTP.
 *
 * <p>On the way it removes the leading dot of every line, the first included (SubEthaSMTP's own
 * unstuffer skips the first line), counts the unstuffed bytes against the size limit, and looks for
 * bare CR and bare LF, which must never be forwarded: an upstream may read {@code LF.LF} or
 * {@code LF.CRLF} as the end of the message and take what follows as a second one (SMTP smuggling).
 * Under {@code normalize} a bare ending becomes CRLF but never starts a line, so a dot after it is
 * kept as content rather than taken as stuffing or as an end. A refused message is still read to its
 * end so that the session stays in step with the client.
 */
public final class DataReader {

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final int CHUNK = 16 * 1024;

  private static final int LINE_START = 0;
  private static final int MID_LINE = 1;
  private static final int AFTER_CR = 2;
  private static final int AFTER_DOT = 3;
  private static final int AFTER_DOT_CR = 4;

  private final long maxMessageSize;
  private final LineEndingPolicy bareLineEndings;

  public DataReader(long maxMessageSize, LineEndingPolicy bareLineEndings) {
    this.maxMessageSize = maxMessageSize;
    this.bareLineEndings = bareLineEndings;
  }

  /** The unstuffed bytes (valid when {@code problem} is NONE) and what, if anything, is wrong. */
  public record Result(byte[] buffer, int length, DataProblem problem) {}

  /** Reads through the terminator; {@code in} must support mark and reset. */
  public Result read(InputStream in) throws IOException {
    if (!in.markSupported()) {
      throw new IllegalArgumentException("DATA must be read from a stream that supports mark");
    }
    Section section = new Section();
    byte[] chunk = new byte[CHUNK];
    while (true) {
      in.mark(CHUNK);
      int read = in.read(chunk, 0, CHUNK);
      if (read < 0) {
        throw new EOFException("connection closed before the end of DATA (<CRLF>.<CRLF>)");
      }
      int consumed = section.scan(chunk, read);
      if (consumed >= 0) {
        in.reset();
        in.skipNBytes(consumed);
        return new Result(section.buffer, section.length, section.problem);
      }
    }
  }

  /** The state of one DATA section across chunks. */
  private final class Section {
    byte[] buffer = new byte[8192];
    int length;
    DataProblem problem = DataProblem.NONE;
    int state = LINE_START;

    /** Scans {@code chunk[0, count)}; returns how many bytes end the section, or -1 when it goes on. */
    int scan(byte[] chunk, int count) {
      int i = 0;
      while (i < count) {
        byte c = chunk[i];
        switch (state) {
          case LINE_START -> {
            if (c == '.') {
              state = AFTER_DOT;
              i++;
            } else {
              state = MID_LINE;
            }
          }
          case MID_LINE -> {
            if (c == CR) {
              state = AFTER_CR;
              i++;
            } else if (c == LF) {
              bare();
              i++;
            } else {
              int end = i + 1;
              while (end < count && chunk[end] != CR && chunk[end] != LF) {
                end++;
              }
              emit(chunk, i, end - i);
              i = end;
            }
          }
          case AFTER_CR -> {
            if (c == LF) {
              emitCrlf();
              state = LINE_START;
              i++;
            } else {
              bare();
            }
          }
          case AFTER_DOT -> {
            if (c == CR) {
              state = AFTER_DOT_CR;
              i++;
            } else if (c == LF) {
              bare();
              i++;
            } else {
              state = MID_LINE; // the dot was stuffing
            }
          }
          case AFTER_DOT_CR -> {
            if (c == LF) {
              return i + 1;
            }
            bare();
          }
          default -> throw new IllegalStateException("DATA reader state " + state);
        }
      }
      return -1;
    }

    /** A CR not followed by LF, or an LF not preceded by CR, has just been seen. */
    private void bare() {
      if (bareLineEndings == LineEndingPolicy.REJECT) {
        if (problem == DataProblem.NONE) {
          problem = DataProblem.BARE_LINE_ENDING;
        }
      } else {
        emitCrlf();
      }
      state = MID_LINE;
    }

    private void emitCrlf() {
      if (problem != DataProblem.NONE) {
        return;
      }
      ensure(2);
      buffer[length] = CR;
      buffer[length + 1] = LF;
      length += 2;
      checkSize();
    }

    private void emit(byte[] chunk, int from, int count) {
      if (problem != DataProblem.NONE) {
        return;
      }
      ensure(count);
      System.arraycopy(chunk, from, buffer, length, count);
      length += count;
      checkSize();
    }

    private void checkSize() {
      if (length > maxMessageSize) {
        problem = DataProblem.TOO_BIG;
        buffer = new byte[0];
        length = 0;
      }
    }

    private void ensure(int more) {
      if (length + more > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(length + more, buffer.length * 2));
      }
    }
  }
}
