package io.poolrelay.upstreams.smtp;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one SMTP reply (RFC 5321 section 4.2), possibly spread over {@code 250-} continuation lines.
 *
 * <p>The bytes come from a peer we don't control, so every limit is explicit: a line longer than
 * {@link #MAX_LINE_BYTES}, more than {@link #MAX_LINES} lines, a code outside 200..599 or lines that
 * disagree on the code end the reply with a {@link MalformedReplyException} instead of an unbounded
 * read or a guess. A line may end in LF alone: that costs nothing to accept and no reply's meaning
 * depends on it.
 */
final class ReplyParser {

  /** Per line, without its line ending. RFC 5321 allows 512 bytes with it; real servers stay far below this. */
  static final int MAX_LINE_BYTES = 4096;

  /** EHLO replies are the longest in practice, at about 20 lines. */
  static final int MAX_LINES = 100;

  private static final Pattern ENHANCED_STATUS = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?: |$)");

  private ReplyParser() {}

  /**
   * Reads up to and including the last line of one reply.
   *
   * @throws EOFException            when the stream ends before a complete reply
   * @throws MalformedReplyException when the bytes are not a reply
   */
  static ParsedReply read(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    int code = -1;
    while (true) {
      if (lines.size() == MAX_LINES) {
        throw new MalformedReplyException("reply has more than " + MAX_LINES + " lines");
      }
      String line = readLine(in, lines.isEmpty());
      int lineCode = parseCode(line);
      if (code != -1 && lineCode != code) {
        throw new MalformedReplyException(
            "reply mixes codes " + code + " and " + lineCode + " on line " + (lines.size() + 1));
      }
      code = lineCode;
      if (line.length() == 3) {
        lines.add("");
        return build(code, lines);
      }
      char separator = line.charAt(3);
      lines.add(line.substring(4));
      if (separator == ' ') {
        return build(code, lines);
      }
      if (separator != '-') {
        throw new MalformedReplyException(
            "reply line " + lines.size() + " has '" + printable(separator) + "' after the code, not ' ' or '-'");
      }
    }
  }

  private static String readLine(InputStream in, boolean firstLine) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(80);
    while (true) {
      int b = in.read();
      if (b == -1) {
        throw new EOFException(
            firstLine && line.size() == 0
                ? "connection closed before a reply"
                : "connection closed in the middle of a reply");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        if (length > MAX_LINE_BYTES) {
          throw new MalformedReplyException("reply line longer than " + MAX_LINE_BYTES + " bytes");
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      }
      // One byte more than the limit may still be the CR of the line ending.
      if (line.size() > MAX_LINE_BYTES) {
        throw new MalformedReplyException("reply line longer than " + MAX_LINE_BYTES + " bytes");
      }
      line.write(b);
    }
  }

  private static int parseCode(String line) throws MalformedReplyException {
    if (line.length() < 3) {
      throw new MalformedReplyException("reply line too short for a code: '" + excerpt(line) + "'");
    }
    char first = line.charAt(0);
    char second = line.charAt(1);
    char third = line.charAt(2);
    if (first < '2' || first > '5' || second < '0' || second > '5' || third < '0' || third > '9') {
      throw new MalformedReplyException("reply does not start with a valid code: '" + excerpt(line) + "'");
    }
    return (first - '0') * 100 + (second - '0') * 10 + (third - '0');
  }

  private static ParsedReply build(int code, List<String> lines) {
    Matcher first = ENHANCED_STATUS.matcher(lines.get(0));
    // RFC 3463: the class digit repeats the reply's; a mismatch means the text only looks like a status.
    boolean enhanced = first.find() && first.group(1).charAt(0) - '0' == code / 100;
    String status = enhanced ? first.group(1) + "." + first.group(2) + "." + first.group(3) : "";
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      String shown = enhanced && line.startsWith(status) ? line.substring(status.length()).stripLeading() : line;
      if (!shown.isEmpty()) {
        if (!text.isEmpty()) {
          text.append(' ');
        }
        text.append(shown);
      }
    }
    return new ParsedReply(code, status, lines, text.toString());
  }

  private static String excerpt(String line) {
    String cut = line.length() > 40 ? line.substring(0, 40) + "..." : line;
    StringBuilder shown = new StringBuilder();
    cut.chars().forEach(c -> shown.append(printable((char) c)));
    return shown.toString();
  }

  private static String printable(char c) {
    return c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c);
  }
}
