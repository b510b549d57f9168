package io.poolrelay.server.log;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.event.Level;

/**
 * The destination and format of log lines, and the level below which lines are dropped. Each line is
 * written with one call, so lines from concurrent threads never interleave.
 */
public final class LogOutput {

  /** Libraries whose INFO lines say nothing an operator needs (SubEthaSMTP logs every session). */
  private static final String QUIET_PREFIX = "org.subethamail";

  private volatile LogFormat format = LogFormat.TEXT;
  private volatile OutputStream target = System.out;
  private volatile Level threshold = Level.INFO;
  private final RecentProblems recentProblems = new RecentProblems(RecentProblems.CAPACITY);

  /** Sends lines to {@code out} in {@code format}, dropping those below {@code level}. */
  public void configure(LogFormat format, Level level, OutputStream out) {
    this.format = format;
    this.threshold = level;
    this.target = out;
  }

  boolean enabled(String logger, Level level) {
    Level minimum = logger.startsWith(QUIET_PREFIX) && threshold.toInt() < Level.WARN.toInt() ? Level.WARN : threshold;
    return level.toInt() >= minimum.toInt();
  }

  void write(Level level, String logger, String message, Throwable error) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String line = format == LogFormat.JSON ? json(now, level, logger, message, error)
        : text(now, level, logger, message, error);
    recentProblems.record(now, level, shortName(logger), message, error);
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    OutputStream out = target;
    synchronized (this) {
      try {
        out.write(bytes);
        out.flush();
      } catch (java.io.IOException e) {
        // Nowhere left to report it; stdout closing must not take the relay down.
      }
    }
  }

  private static String text(Instant now, Level level, String logger, String message, Throwable error) {
    StringBuilder line = new StringBuilder(64 + message.length());
    line.append(now).append(' ').append(level.name());
    for (int i = level.name().length(); i < 7; i++) {
      line.append(' ');
    }
    line.append(' ').append(shortName(logger)).append(": ").append(message);
    if (error != null) {
      line.append(" (").append(error).append(')');
    }
    return line.append('\n').toString();
  }

  private static String json(Instant now, Level level, String logger, String message, Throwable error) {
    StringBuilder line = new StringBuilder(96 + message.length());
    line.append("{\"time\":\"").append(now).append("\",\"level\":\"").append(level.name())
        .append("\",\"logger\":\"");
    escape(shortName(logger), line);
    line.append("\",\"message\":\"");
    escape(message, line);
    if (error != null) {
      line.append("\",\"error\":\"");
      escape(error.toString(), line);
    }
    return line.append("\"}\n").toString();
  }

  private static void escape(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  /** The last WARN and ERROR lines written, for the admin status page. */
  public RecentProblems recentProblems() {
    return recentProblems;
  }

  private static String shortName(String logger) {
    int dot = logger.lastIndexOf('.');
    return dot < 0 ? logger : logger.substring(dot + 1);
  }
}
