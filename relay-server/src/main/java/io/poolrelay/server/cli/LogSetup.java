package io.poolrelay.server.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * One line per event on stdout, where journald and Docker collect it: human-readable text by default,
 * JSON lines with {@code --log-format json}. Configured once, by the CLI, before anything logs.
 */
final class LogSetup {

  private LogSetup() {}

  static void configure(boolean json) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler handler = new StreamHandler(new PrintStream(System.out, true), json ? new JsonFormat() : new TextFormat()) {
      @Override
      public synchronized void publish(LogRecord record) {
        super.publish(record);
        flush();
      }
    };
    handler.setLevel(Level.INFO);
    root.addHandler(handler);
    root.setLevel(Level.INFO);
    // SubEthaSMTP logs every session at INFO; the relay's own lines say what operators need.
    Logger.getLogger("org.subethamail").setLevel(Level.WARNING);
  }

  private static String padded(String level) {
    return level.length() >= 7 ? level : (level + "       ").substring(0, 7);
  }

  private static String shortName(String loggerName) {
    if (loggerName == null) {
      return "-";
    }
    int dot = loggerName.lastIndexOf('.');
    return dot < 0 ? loggerName : loggerName.substring(dot + 1);
  }

  private static final class TextFormat extends Formatter {
    @Override
    public String format(LogRecord record) {
      StringBuilder line = new StringBuilder(160);
      line.append(Instant.ofEpochMilli(record.getMillis())).append(' ')
          .append(padded(record.getLevel().getName())).append(' ')
          .append(shortName(record.getLoggerName())).append(": ").append(formatMessage(record));
      if (record.getThrown() != null) {
        line.append(" (").append(record.getThrown()).append(')');
      }
      return line.append(System.lineSeparator()).toString();
    }
  }

  private static final class JsonFormat extends Formatter {
    @Override
    public String format(LogRecord record) {
      return "{\"time\":\"" + Instant.ofEpochMilli(record.getMillis()) + "\",\"level\":\""
          + record.getLevel().getName() + "\",\"logger\":\"" + escape(shortName(record.getLoggerName()))
          + "\",\"message\":\"" + escape(formatMessage(record))
          + (record.getThrown() == null ? "" : "\",\"error\":\"" + escape(record.getThrown().toString()))
          + "\"}" + System.lineSeparator();
    }

    private static String escape(String text) {
      StringBuilder out = new StringBuilder(text.length() + 16);
      for (char c : text.toCharArray()) {
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
      return out.toString();
    }
  }
}
