package io.poolrelay.server.message;

import java.util.Map;

/**
 * The bytes to spool and relay (trace header first, hint headers removed when configured) and the
 * hint values found, keyed by the lower-case header name.
 */
public record RewrittenMessage(byte[] bytes, int length, Map<String, String> hints) {

  public RewrittenMessage {
    hints = Map.copyOf(hints);
  }
}
