package io.poolrelay.upstreams.rewrite;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Optional;

/**
 * The value of a {@code From:} field as written: everything after the colon, folding included, without
 * the final line break. Jakarta Mail reads who it names; the display name is then copied from the raw
 * text, never re-encoded, so quotes, encoded-words and 8-bit bytes stay as the application wrote them.
 */
final class FromValue {

  /** One char per byte (ISO-8859-1): a substring of it is a slice of the original bytes. */
  private final String raw;
  private final Optional<InternetAddress> first;
  private final Layout layout;

  private FromValue(String raw, Optional<InternetAddress> first) {
    this.raw = raw;
    this.first = first;
    this.layout = Layout.of(raw);
  }

  static FromValue parse(String raw) {
    String unfolded = raw.replace("\r\n", "");
    Optional<InternetAddress> first;
    try {
      InternetAddress[] addresses = InternetAddress.parseHeader(unfolded, false);
      // Lenient parsing turns any text into an "address"; without a domain it is no one to reply to.
      first = addresses.length == 0 || addresses[0].isGroup() || addresses[0].getAddress().indexOf('@') < 1
          ? Optional.empty()
          : Optional.of(addresses[0]);
    } catch (AddressException unparseable) {
      first = Optional.empty();
    }
    return new FromValue(raw, first);
  }

  /** Whether the value names a mailbox that replies could go to. */
  boolean namesMailbox() {
    return first.isPresent();
  }

  /**
   * This value with the first mailbox's address replaced and every other mailbox dropped. A display name
   * ({@code Jane <jane@app>}) or an old-style comment name ({@code jane@app (Jane)}) is kept as written;
   * a value without one becomes the bare address.
   */
  String withAddress(String address) {
    if (first.isEmpty()) {
      return " " + address;
    }
    if (layout.angle() >= 0) {
      // Everything before the '<', leading space and folding included, is the display name as written.
      return raw.substring(0, layout.angle()) + "<" + address + ">";
    }
    if (first.get().getPersonal() != null && layout.commentEnd() > 0) {
      return " " + address + " " + raw.substring(layout.commentStart(), layout.commentEnd());
    }
    return " " + address;
  }

  /**
   * Where the first mailbox's parts are: its first {@code <} and its first comment, found outside quoted
   * strings and comments (the places where {@code <}, {@code ,} and {@code (} are only text). A top-level
   * {@code ,} ends the first mailbox; {@code ;} or {@code :} mean a group, which has no angle to keep.
   */
  private record Layout(int angle, int commentStart, int commentEnd) {

    static Layout of(String raw) {
      boolean quoted = false;
      int depth = 0;
      int commentStart = -1;
      int commentEnd = -1;
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '\\' && (quoted || depth > 0)) {
          i++;
        } else if (quoted) {
          quoted = c != '"';
        } else if (depth > 0) {
          if (c == '(') {
            depth++;
          } else if (c == ')' && --depth == 0 && commentEnd < 0) {
            commentEnd = i + 1;
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == '(') {
          depth = 1;
          commentStart = commentStart < 0 ? i : commentStart;
        } else if (c == '<') {
          return new Layout(i, commentStart, commentEnd);
        } else if (c == ',' || c == ';' || c == ':') {
          break;
        }
      }
      return new Layout(-1, commentStart, commentEnd);
    }
  }
}
