package io.poolrelay.server.log;

/** How a log line is written. */
public enum LogFormat {
  /** {@code 2026-11-24T02:00:00.123Z INFO    Relay: listener default accepting on 127.0.0.1:2525}. */
  TEXT,
  /** One JSON object per line: time, level, logger, message and, when there is one, error. */
  JSON
}
