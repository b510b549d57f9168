package io.poolrelay.server.message;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Takes the campaign and category hints out of a message. The values are kept for routing (the first
 * occurrence of each header wins); the headers themselves are removed from the bytes when
 * {@code strip} is set, so the recipient never sees the relay's internal labels.
 */
public final class HintHeaders {

  private final Set<String> names;
  private final boolean strip;

  public HintHeaders(List<String> hintHeaderNames, boolean strip) {
    this.names = hintHeaderNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    this.strip = strip;
  }

  /** Prepends {@code traceHeader} and applies the hint rules to {@code message[0, length)}. */
  public RewrittenMessage rewrite(byte[] message, int length, byte[] traceHeader) {
    List<HeaderField> fields = HeaderSection.fields(message, length);
    Map<String, String> hints = new HashMap<>();
    int removed = 0;
    boolean[] drop = new boolean[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      HeaderField field = fields.get(i);
      String name = field.name().toLowerCase(Locale.ROOT);
      if (names.contains(name)) {
        hints.putIfAbsent(name, HeaderSection.unfoldedValue(message, field));
        if (strip) {
          drop[i] = true;
          removed += field.end() - field.start();
        }
      }
    }
    byte[] out = new byte[traceHeader.length + length - removed];
    System.arraycopy(traceHeader, 0, out, 0, traceHeader.length);
    int written = traceHeader.length;
    int copiedUpTo = 0;
    for (int i = 0; i < fields.size(); i++) {
      if (!drop[i]) {
        continue;
      }
      HeaderField field = fields.get(i);
      int keep = field.start() - copiedUpTo;
      System.arraycopy(message, copiedUpTo, out, written, keep);
      written += keep;
      copiedUpTo = field.end();
    }
    System.arraycopy(message, copiedUpTo, out, written, length - copiedUpTo);
    written += length - copiedUpTo;
    return new RewrittenMessage(out, written, hints);
  }
}
