package io.poolrelay.server.message;

/** Why the bytes of a DATA section cannot be accepted, if they cannot. */
public enum DataProblem {
  NONE,
  /** More bytes than the listener's {@code max_message_size}. */
  TOO_BIG,
  /** A CR not followed by LF, or an LF not preceded by CR, under {@code bare_line_endings: reject}. */
  BARE_LINE_ENDING
}
