package io.poolrelay.server.spool;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The layout of one spool file:
 *
 * <pre>
 * POOLRELAY-SPOOL 1\n
 * id 01JD...\n  arrival 1732400000000\n  listener default\n  client 127.0.0.1\n  auth -\n
 * from a@example.com\n  rcpt b@example.net\n (one per recipient)  hint x-campaign newsletter\n
 * origin smtp\n  size 2048\n
 * \n
 * (the message bytes, exactly as they will be sent)
 * \nEND crc32c length\n        (fixed size trailer)
 * </pre>
 *
 * The head is text so that {@code head} on a spool file tells an operator what it is. The trailer
 * comes last so that a write cut short anywhere is detected, like Postfix's END record; its CRC covers
 * every byte before it.
 */
public final class SpoolFileFormat {

  static final String MAGIC = "POOLRELAY-SPOOL 1";
  private static final String NO_USER = "-";
  /** "\nEND " + 8 hex + " " + 16 hex + "\n". */
  static final int TRAILER_LENGTH = 1 + 4 + 8 + 1 + 16 + 1;

  private SpoolFileFormat() {}

  /** The file's bytes before the message: magic, head fields and the blank line. */
  public static byte[] head(SpooledEnvelope envelope, int messageLength) {
    StringBuilder head = new StringBuilder(256);
    head.append(MAGIC).append('\n');
    field(head, "id", envelope.queueId());
    field(head, "arrival", Long.toString(envelope.arrival().toEpochMilli()));
    field(head, "listener", envelope.listener());
    field(head, "client", envelope.clientAddress());
    field(head, "auth", envelope.authUser().isEmpty() ? NO_USER : envelope.authUser());
    head.append("from ").append(FieldEscaping.escape(envelope.sender())).append('\n');
    for (String recipient : envelope.recipients()) {
      field(head, "rcpt", recipient);
    }
    envelope.hints().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(hint -> head.append("hint ").append(FieldEscaping.escape(hint.getKey())).append(' ')
            .append(FieldEscaping.escape(hint.getValue())).append('\n'));
    field(head, "origin", envelope.origin());
    field(head, "size", Integer.toString(messageLength));
    head.append('\n');
    return head.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The trailer for a file whose bytes before the trailer are {@code checksum} over {@code length} bytes. */
  public static byte[] trailer(CRC32C checksum, long length) {
    String trailer = "\nEND " + HexFormat.of().toHexDigits((int) checksum.getValue()) + " "
        + HexFormat.of().toHexDigits(length) + "\n";
    return trailer.getBytes(StandardCharsets.US_ASCII);
  }

  /** Parses a whole spool file; the message is a slice of {@code file}, not a copy. */
  public static StoredMessage parse(byte[] file) throws SpoolFormatException {
    int bodyEnd = verifyTrailer(file);
    int position = 0;
    int lineEnd = indexOf(file, (byte) '\n', position, bodyEnd);
    if (lineEnd < 0 || !MAGIC.equals(ascii(file, position, lineEnd))) {
      throw new SpoolFormatException("not a spool file (bad first line)", false);
    }
    position = lineEnd + 1;
    Map<String, String> fields = new HashMap<>();
    List<String> recipients = new ArrayList<>();
    Map<String, String> hints = new HashMap<>();
    String sender = null;
    while (true) {
      lineEnd = indexOf(file, (byte) '\n', position, bodyEnd);
      if (lineEnd < 0) {
        throw new SpoolFormatException("head does not end", false);
      }
      if (lineEnd == position) {
        position = lineEnd + 1;
        break;
      }
      String line = ascii(file, position, lineEnd);
      position = lineEnd + 1;
      int space = line.indexOf(' ');
      if (space < 0) {
        throw new SpoolFormatException("malformed head line '" + line + "'", false);
      }
      String key = line.substring(0, space);
      String value = line.substring(space + 1);
      try {
        switch (key) {
          case "rcpt" -> recipients.add(FieldEscaping.unescape(value));
          case "from" -> sender = FieldEscaping.unescape(value);
          case "hint" -> {
            int split = value.indexOf(' ');
            if (split < 0) {
              throw new SpoolFormatException("malformed hint '" + line + "'", false);
            }
            hints.put(FieldEscaping.unescape(value.substring(0, split)),
                FieldEscaping.unescape(value.substring(split + 1)));
          }
          default -> fields.put(key, FieldEscaping.unescape(value));
        }
      } catch (IllegalArgumentException e) {
        throw new SpoolFormatException("malformed head line '" + line + "': " + e.getMessage(), false);
      }
    }
    int size = (int) number(fields, "size", 0, Integer.MAX_VALUE);
    if (size != bodyEnd - position) {
      throw new SpoolFormatException(
          "message is " + (bodyEnd - position) + " bytes but the head says " + size, false);
    }
    if (sender == null || recipients.isEmpty()) {
      throw new SpoolFormatException("head lacks a sender or recipients", false);
    }
    String auth = require(fields, "auth");
    SpooledEnvelope envelope = new SpooledEnvelope(
        require(fields, "id"),
        Instant.ofEpochMilli(number(fields, "arrival", Long.MIN_VALUE, Long.MAX_VALUE)),
        require(fields, "listener"),
        require(fields, "client"),
        NO_USER.equals(auth) ? "" : auth,
        sender,
        recipients,
        hints,
        require(fields, "origin"));
    return StoredMessage.inMemory(envelope, file, position, size);
  }

  private static int verifyTrailer(byte[] file) throws SpoolFormatException {
    if (file.length < TRAILER_LENGTH) {
      throw new SpoolFormatException("file is " + file.length + " bytes, shorter than a trailer", true);
    }
    int start = file.length - TRAILER_LENGTH;
    String trailer = ascii(file, start, file.length);
    if (!trailer.startsWith("\nEND ") || trailer.charAt(13) != ' ' || !trailer.endsWith("\n")) {
      if (hasAllItsBytes(file)) {
        throw new SpoolFormatException("damaged trailer in a file of full length", false);
      }
      throw new SpoolFormatException("no trailer: the write did not finish", true);
    }
    long expectedLength;
    int expectedCrc;
    try {
      expectedCrc = (int) Long.parseLong(trailer.substring(5, 13), 16);
      expectedLength = Long.parseLong(trailer.substring(14, 30), 16);
    } catch (NumberFormatException e) {
      throw new SpoolFormatException("malformed trailer", false);
    }
    if (expectedLength != start) {
      throw new SpoolFormatException("trailer says " + expectedLength + " bytes, file has " + start, false);
    }
    CRC32C crc = new CRC32C();
    crc.update(file, 0, start);
    if ((int) crc.getValue() != expectedCrc) {
      throw new SpoolFormatException("checksum mismatch", false);
    }
    return start;
  }

  /**
   * True when the head is complete and the file is as long as the head's size says it must be with
   * its trailer: then a missing trailer is damage, not a write cut short, and the file must be
   * quarantined rather than discarded.
   */
  private static boolean hasAllItsBytes(byte[] file) {
    int headEnd = -1;
    for (int i = 0; i + 1 < file.length; i++) {
      if (file[i] == '\n' && file[i + 1] == '\n') {
        headEnd = i + 2;
        break;
      }
    }
    if (headEnd < 0) {
      return false;
    }
    String head = ascii(file, 0, headEnd);
    int sizeLine = head.lastIndexOf("\nsize ");
    if (!head.startsWith(MAGIC + "\n") || sizeLine < 0) {
      return false;
    }
    try {
      long size = Long.parseLong(head.substring(sizeLine + 6, head.indexOf('\n', sizeLine + 1)));
      return size >= 0 && file.length >= headEnd + size + TRAILER_LENGTH;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String require(Map<String, String> fields, String key) throws SpoolFormatException {
    String value = fields.get(key);
    if (value == null) {
      throw new SpoolFormatException("head lacks '" + key + "'", false);
    }
    return value;
  }

  private static long number(Map<String, String> fields, String key, long min, long max)
      throws SpoolFormatException {
    String value = require(fields, key);
    try {
      long number = Long.parseLong(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SpoolFormatException("head field '" + key + "' is not a valid number: '" + value + "'", false);
  }

  private static void field(StringBuilder head, String key, String value) {
    head.append(key).append(' ').append(FieldEscaping.escape(value)).append('\n');
  }

  private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static String ascii(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
  }
}
