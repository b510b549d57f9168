package io.poolrelay.server.message;

import io.poolrelay.config.model.LineEndingPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the DATA section of one message in one pass.
 *
 * <p>The input is the client's bytes up to (not including) the terminating {@code .CRLF}, still
 * dot-stuffed. The reader removes the leading dot of every line, the first included: SubEthaSMTP's
 * own unstuffer skips the first line, so it is not used. It counts the unstuffed bytes against the
 * size limit and looks for bare CR and bare LF, which must never be forwarded: an upstream may read
 * {@code LF.LF} or {@code LF.CRLF} as the end of the message and take what follows as a second one
 * (SMTP smuggling). When the message is refused the rest of the input is still consumed, so the
 * session stays in step with the client.
 */
public final class DataReader {

  private static final int CR = '\r';
  private static final int LF = '\n';

  private final long maxMessageSize;
  private final LineEndingPolicy bareLineEndings;

  public DataReader(long maxMessageSize, LineEndingPolicy bareLineEndings) {
    this.maxMessageSize = maxMessageSize;
    this.bareLineEndings = bareLineEndings;
  }

  /** The unstuffed bytes (valid when {@code problem} is NONE) and what, if anything, is wrong. */
  public record Result(byte[] buffer, int length, DataProblem problem) {}

  public Result read(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    int length = 0;
    DataProblem problem = DataProblem.NONE;
    boolean lineStart = true;
    boolean pendingCr = false;
    int c;
    while ((c = in.read()) != -1) {
      if (problem != DataProblem.NONE) {
        continue;
      }
      if (pendingCr) {
        pendingCr = false;
        if (c == LF) {
          buffer = append(buffer, length, CR, LF);
          length += 2;
          lineStart = true;
          if (length > maxMessageSize) {
            problem = DataProblem.TOO_BIG;
          }
          continue;
        }
        // A CR followed by anything but LF.
        if (bareLineEndings == LineEndingPolicy.REJECT) {
          problem = DataProblem.BARE_LINE_ENDING;
          continue;
        }
        buffer = append(buffer, length, CR, LF);
        length += 2;
        lineStart = true;
        if (length > maxMessageSize) {
          problem = DataProblem.TOO_BIG;
          continue;
        }
      }
      if (c == CR) {
        pendingCr = true;
        continue;
      }
      if (c == LF) {
        if (bareLineEndings == LineEndingPolicy.REJECT) {
          problem = DataProblem.BARE_LINE_ENDING;
          continue;
        }
        buffer = append(buffer, length, CR, LF);
        length += 2;
        lineStart = true;
      } else {
        if (lineStart && c == '.') {
          lineStart = false;
          continue;
        }
        lineStart = false;
        if (length == buffer.length) {
          buffer = grow(buffer, length + 1);
        }
        buffer[length++] = (byte) c;
      }
      if (length > maxMessageSize) {
        problem = DataProblem.TOO_BIG;
      }
    }
    if (pendingCr && problem == DataProblem.NONE) {
      // The terminator is CRLF.CRLF, so a CR cannot be the last byte of a well-formed section.
      problem = bareLineEndings == LineEndingPolicy.REJECT ? DataProblem.BARE_LINE_ENDING : DataProblem.NONE;
      if (problem == DataProblem.NONE) {
        buffer = append(buffer, length, CR, LF);
        length += 2;
        if (length > maxMessageSize) {
          problem = DataProblem.TOO_BIG;
        }
      }
    }
    return new Result(buffer, length, problem);
  }

  private static byte[] append(byte[] buffer, int length, int first, int second) {
    if (length + 2 > buffer.length) {
      buffer = grow(buffer, length + 2);
    }
    buffer[length] = (byte) first;
    buffer[length + 1] = (byte) second;
    return buffer;
  }

  private static byte[] grow(byte[] buffer, int needed) {
    return Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
  }
}
