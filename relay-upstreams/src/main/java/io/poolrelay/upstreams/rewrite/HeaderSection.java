package io.poolrelay.upstreams.rewrite;

import io.poolrelay.upstreams.MessageContent;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The header section of a message: the exact bytes of every line before the first empty line, and the
 * fields they hold. Reading stops at that empty line, so the body is never loaded; a message with no
 * empty line is all header.
 */
final class HeaderSection {

  /**
   * One field: its first line and the folded lines after it.
   *
   * @param name       the name as written, without the colon and any space before it; empty for a line
   *                   that has no colon
   * @param start      offset of the field's first byte
   * @param valueStart offset just after the colon
   * @param end        offset just after the field's last line break
   */
  record Field(String name, int start, int valueStart, int end) {

    boolean is(String fieldName) {
      return name.equalsIgnoreCase(fieldName);
    }
  }

  private final byte[] bytes;
  private final List<Field> fields;

  private HeaderSection(byte[] bytes) {
    this.bytes = bytes;
    this.fields = List.copyOf(split(bytes));
  }

  static HeaderSection read(MessageContent content) throws IOException {
    try (InputStream in = new BufferedInputStream(content.open())) {
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      int lineStart = 0;
      int previous = -1;
      for (int b; (b = in.read()) != -1; previous = b) {
        read.write(b);
        if (b != '\n') {
          continue;
        }
        int lineLength = read.size() - lineStart;
        if (lineLength == 1 || (lineLength == 2 && previous == '\r')) {
          return new HeaderSection(Arrays.copyOf(read.toByteArray(), lineStart));
        }
        lineStart = read.size();
      }
      return new HeaderSection(read.toByteArray());
    }
  }

  /** The number of bytes before the empty line: where the rest of the message starts. */
  int length() {
    return bytes.length;
  }

  List<Field> fields() {
    return fields;
  }

  boolean has(String fieldName) {
    return fields.stream().anyMatch(field -> field.is(fieldName));
  }

  /** Bytes as text, one char per byte (ISO-8859-1), so 8-bit bytes survive a round trip unchanged. */
  String text(int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
  }

  void copy(int from, int to, ByteArrayOutputStream out) {
    out.write(bytes, from, to - from);
  }

  boolean endsWithLineBreak() {
    return bytes.length == 0 || bytes[bytes.length - 1] == '\n';
  }

  private static List<Field> split(byte[] bytes) {
    List<Field> fields = new ArrayList<>();
    int fieldStart = -1;
    int valueStart = 0;
    String name = "";
    for (int lineStart = 0; lineStart < bytes.length; ) {
      int lineEnd = lineEnd(bytes, lineStart);
      // RFC 5322 section 2.2.3: a line that starts with white space continues the field above it.
      boolean folded = bytes[lineStart] == ' ' || bytes[lineStart] == '\t';
      if (!folded || fieldStart < 0) {
        if (fieldStart >= 0) {
          fields.add(new Field(name, fieldStart, valueStart, lineStart));
        }
        fieldStart = lineStart;
        int colon = indexOf(bytes, (byte) ':', lineStart, lineEnd);
        name = colon < 0 ? "" : new String(bytes, lineStart, colon - lineStart, StandardCharsets.ISO_8859_1)
            .stripTrailing();
        valueStart = colon < 0 ? lineStart : colon + 1;
      }
      lineStart = lineEnd;
    }
    if (fieldStart >= 0) {
      fields.add(new Field(name, fieldStart, valueStart, bytes.length));
    }
    return fields;
  }

  private static int lineEnd(byte[] bytes, int from) {
    int lf = indexOf(bytes, (byte) '\n', from, bytes.length);
    return lf < 0 ? bytes.length : lf + 1;
  }

  private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
