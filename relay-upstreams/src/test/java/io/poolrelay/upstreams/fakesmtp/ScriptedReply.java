package io.poolrelay.upstreams.fakesmtp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One reply as the fake sends it; {@code \n} in the text separates the lines of a multi-line reply. */
record ScriptedReply(int code, String text) {

  ScriptedReply {
    if (code < 100 || code > 599) {
      throw new IllegalArgumentException("reply code must be in 100..599, was " + code);
    }
    Objects.requireNonNull(text, "text");
  }

  boolean positive() {
    return code < 400;
  }

  byte[] wireBytes() {
    StringBuilder wire = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      wire.append(code).append(i == lines.length - 1 ? ' ' : '-').append(lines[i].stripTrailing()).append("\r\n");
    }
    return wire.toString().getBytes(StandardCharsets.UTF_8);
  }
}
