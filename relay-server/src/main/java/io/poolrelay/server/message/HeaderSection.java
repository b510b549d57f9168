package io.poolrelay.server.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the header fields at the start of a message (RFC 5322 section 2.2): each field begins at a
 * line that does not start with white space and runs through its folded continuation lines. The
 * section ends at the first empty line, or at the first line that is not a field.
 */
final class HeaderSection {

  private HeaderSection() {}

  static List<HeaderField> fields(byte[] message, int length) {
    List<HeaderField> fields = new ArrayList<>();
    int position = 0;
    while (position < length) {
      int lineEnd = endOfLine(message, position, length);
      if (lineEnd == position + 2 || lineEnd == position) {
        break; // the empty line before the body
      }
      int colon = indexOf(message, (byte) ':', position, lineEnd);
      int nameEnd = colon;
      while (nameEnd > position && (message[nameEnd - 1] == ' ' || message[nameEnd - 1] == '\t')) {
        nameEnd--; // RFC 5322 section 4.5.1 obs-optional: white space before the colon
      }
      if (colon < 0 || nameEnd <= position || !isFieldName(message, position, nameEnd)) {
        break; // not a header field: the body started without an empty line
      }
      int fieldEnd = lineEnd;
      while (fieldEnd < length && (message[fieldEnd] == ' ' || message[fieldEnd] == '\t')) {
        fieldEnd = endOfLine(message, fieldEnd, length);
      }
      String name = new String(message, position, nameEnd - position, StandardCharsets.US_ASCII);
      fields.add(new HeaderField(name, position, fieldEnd, colon + 1));
      position = fieldEnd;
    }
    return fields;
  }

  /** The field's value with folding removed and surrounding white space trimmed. */
  static String unfoldedValue(byte[] message, HeaderField field) {
    String raw = new String(message, field.valueStart(), field.end() - field.valueStart(), StandardCharsets.UTF_8);
    return raw.replace("\r\n", "").replace('\t', ' ').strip();
  }

  private static boolean isFieldName(byte[] message, int from, int to) {
    for (int i = from; i < to; i++) {
      int c = message[i] & 0xFF;
      if (c <= 32 || c >= 127) {
        return false;
      }
    }
    return true;
  }

  /** Index just past the line's CRLF, or {@code length} for a last line without one. */
  private static int endOfLine(byte[] message, int from, int length) {
    for (int i = from; i + 1 < length; i++) {
      if (message[i] == '\r' && message[i + 1] == '\n') {
        return i + 2;
      }
    }
    return length;
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
