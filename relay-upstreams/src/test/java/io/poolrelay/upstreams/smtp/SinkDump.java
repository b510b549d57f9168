package io.poolrelay.upstreams.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One transaction as {@code smtp-sink -d} dumps it (see {@code man smtp-sink}, DUMP FILE FORMAT): the
 * sink's own records, then the message as received. The sink drops every CR and the dot it unstuffs, so
 * the message's lines end in LF; its text is one char per byte (ISO-8859-1), so 8-bit bytes compare exactly.
 *
 * @param mailArgs the arguments of MAIL FROM, e.g. {@code <a@example.org> SIZE=120 BODY=8BITMIME}
 * @param rcptArgs the arguments of each RCPT TO, in order
 * @param message  the header and body as received
 */
public record SinkDump(String mailArgs, List<String> rcptArgs, String message) {

  public SinkDump {
    rcptArgs = List.copyOf(rcptArgs);
  }

  /** The reverse path as sent, angle brackets included: {@code <>} for the null sender. */
  public String reversePath() {
    int space = mailArgs.indexOf(' ');
    return space < 0 ? mailArgs : mailArgs.substring(0, space);
  }

  /** Every dump file in the directory given to {@code -d}, in name order. */
  public static List<SinkDump> readAll(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      List<SinkDump> dumps = new ArrayList<>();
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        dumps.add(read(file));
      }
      return dumps;
    }
  }

  /** The sink writes a file completely before it replies to the final dot, so a 250 means it is whole. */
  public static SinkDump read(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    String mailArgs = null;
    List<String> rcptArgs = new ArrayList<>();
    int at = 0;
    while (true) {
      int end = text.indexOf('\n', at);
      if (end < 0) {
        throw new IOException(file + ": no Received record, so not an smtp-sink dump");
      }
      String line = text.substring(at, end);
      at = end + 1;
      if (line.startsWith("X-Mail-Args: ")) {
        mailArgs = line.substring("X-Mail-Args: ".length());
      } else if (line.startsWith("X-Rcpt-Args: ")) {
        rcptArgs.add(line.substring("X-Rcpt-Args: ".length()));
      } else if (line.startsWith("Received: ")) {
        break;
      }
    }
    // The sink's Received record has two more lines, each starting with a tab.
    for (int folded = 0; folded < 2; folded++) {
      at = text.indexOf('\n', at) + 1;
    }
    // The LF of the final ".\r\n" is written too: it is not part of the message.
    if (mailArgs == null || at == 0 || !text.endsWith("\n")) {
      throw new IOException(file + ": not a complete smtp-sink dump");
    }
    return new SinkDump(mailArgs, rcptArgs, text.substring(at, text.length() - 1));
  }
}
