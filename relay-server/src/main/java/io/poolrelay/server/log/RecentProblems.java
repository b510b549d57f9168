package io.poolrelay.server.log;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.slf4j.event.Level;

/**
 * The last few WARN and ERROR lines, newest last, for the admin status page. Bounded in count and in
 * the length of each message, so a storm of warnings costs a fixed amount of memory. Log messages never
 * carry passwords or message bodies (by design of every log call), so keeping them is safe.
 */
public final class RecentProblems {

  /** How many lines {@link LogOutput} keeps. */
  public static final int CAPACITY = 20;
  /** Longer messages are cut to this many characters, with an ellipsis. */
  static final int MAX_MESSAGE = 500;

  /** One WARN or ERROR line. */
  public record Problem(Instant time, Level level, String logger, String message) {
    public Problem {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(logger, "logger");
      Objects.requireNonNull(message, "message");
    }
  }

  private final int capacity;
  private final ArrayDeque<Problem> lines;

  public RecentProblems(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("recent problems: capacity " + capacity + " must be >= 0");
    }
    this.capacity = capacity;
    this.lines = new ArrayDeque<>(capacity);
  }

  /**
   * Keeps the line if it is a WARN or an ERROR, dropping the oldest when full; {@code error}, when there
   * is one, is appended as the text log line shows it.
   */
  void record(Instant time, Level level, String logger, String message, Throwable error) {
    if (level.toInt() < Level.WARN.toInt() || capacity == 0) {
      return;
    }
    String full = error == null ? message : message + " (" + error + ")";
    String kept = full.length() > MAX_MESSAGE ? full.substring(0, MAX_MESSAGE) + "…" : full;
    Problem problem = new Problem(time, level, logger, kept);
    synchronized (lines) {
      if (lines.size() == capacity) {
        lines.removeFirst();
      }
      lines.addLast(problem);
    }
  }

  /** The lines kept, oldest first. */
  public List<Problem> lines() {
    synchronized (lines) {
      return Collections.unmodifiableList(new ArrayList<>(lines));
    }
  }
}
