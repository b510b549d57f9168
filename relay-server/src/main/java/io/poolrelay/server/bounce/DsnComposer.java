package io.poolrelay.server.bounce;

import static io.poolrelay.server.bounce.DsnText.CRLF;
import static io.poolrelay.server.bounce.DsnText.field;

import io.poolrelay.upstreams.SmtpReply;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Composes the delivery status notification for recipients the relay gave up on: a complete RFC 5322
 * message of type {@code multipart/report; report-type=delivery-status} (RFC 6522) with three parts, a
 * short human explanation, the {@code message/delivery-status} report (RFC 3464) and the original header
 * section as {@code text/rfc822-headers}. The original body is never included.
 *
 * <p>The output is 7-bit clean with CRLF line endings and lines under 998 octets, so any upstream can
 * carry it without 8BITMIME or SMTPUTF8. Text the relay writes (reply text, host names, addresses) is
 * escaped to ASCII; see {@link DsnText}. The original headers are the one part we don't rewrite; see
 * {@link #headersPart(byte[])} for how they stay 7-bit.
 *
 * <p>Pure: the time comes from the injected {@link InstantSource} and the Message-ID and MIME boundary
 * from the queue id plus the injected {@link RandomGenerator}, so the same inputs give the same bytes.
 * Not thread-safe if the random generator isn't; give each caller its own.
 */
public final class DsnComposer {

  private static final DateTimeFormatter RFC5322_DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  /** A host name, an address literal such as {@code [192.0.2.1]} or {@code [IPv6:...]}. */
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[A-Za-z0-9.:]+\\]");

  private static final Pattern ENHANCED_STATUS = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

  /** RFC 3463 4.4.7: "Message expired", delivery time exceeded. */
  static final String EXPIRED_STATUS = "4.4.7";

  private final String reportingMta;
  private final InstantSource clock;
  private final RandomGenerator random;

  /**
   * @param reportingMta this relay's host name, used in {@code From}, {@code Message-ID} and
   *                     {@code Reporting-MTA}; ASCII
   * @param clock        the source of the {@code Date} and {@code Last-Attempt-Date}
   * @param random       the source of the unique part of the Message-ID and MIME boundary
   */
  public DsnComposer(String reportingMta, InstantSource clock, RandomGenerator random) {
    this.reportingMta = Objects.requireNonNull(reportingMta, "reportingMta");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    if (!HOST.matcher(reportingMta).matches()) {
      throw new IllegalArgumentException(
          "bounce: reporting MTA '" + reportingMta + "' must be an ASCII host name or address literal");
    }
  }

  /**
   * The whole DSN message, CRLF line endings, 7-bit clean; ready to be sent to
   * {@code request.originalSender()} with the envelope sender {@code <>}.
   *
   * @throws IllegalArgumentException if the original sender is not ASCII: a 7-bit message can't address
   *                                  it, and RFC 6533 {@code message/global-delivery-status} isn't
   *                                  implemented
   */
  public byte[] compose(BounceRequest request) {
    Objects.requireNonNull(request, "request");
    if (!DsnText.isAscii(request.originalSender())) {
      throw new IllegalArgumentException("bounce: message " + request.queueId() + ": sender '"
          + DsnText.sevenBit(request.originalSender())
          + "' is internationalized; a 7-bit DSN can't address it (RFC 6533 is not implemented)");
    }
    Instant now = clock.instant();
    String tag = queueTag(request.queueId());
    String messageId = "<" + tag + "." + hex(random.nextLong()) + "@" + reportingMta + ">";

    String human = humanPart(request);
    String status = statusPart(request, now);
    String headers = headersPart(request.originalHeaders());
    String boundary;
    do {
      boundary = "=_PoolRelay_" + tag + "_" + hex(random.nextLong());
    } while (human.contains(boundary) || status.contains(boundary) || headers.contains(boundary));

    StringBuilder out = new StringBuilder(human.length() + status.length() + headers.length() + 1024);
    out.append(field("From", "Mail Delivery System <MAILER-DAEMON@" + reportingMta + ">"));
    out.append(field("To", "<" + request.originalSender() + ">"));
    out.append(field("Subject", "Undelivered Mail Returned to Sender"));
    out.append(field("Date", RFC5322_DATE.format(now)));
    out.append(field("Message-ID", messageId));
    out.append(field("Auto-Submitted", "auto-replied"));
    out.append(field("MIME-Version", "1.0"));
    out.append(field("Content-Type",
        "multipart/report; report-type=delivery-status; boundary=\"" + boundary + "\""));
    out.append(field("Content-Transfer-Encoding", "7bit"));
    out.append(CRLF);
    out.append("This is a MIME-encapsulated message.").append(CRLF);
    for (String part : new String[] {human, status, headers}) {
      out.append(CRLF).append("--").append(boundary).append(CRLF).append(part);
    }
    out.append(CRLF).append("--").append(boundary).append("--").append(CRLF);

    String message = out.toString();
    if (!DsnText.isAscii(message)) {
      throw new IllegalStateException("bounce: message " + request.queueId() + ": composed DSN is not 7-bit");
    }
    return message.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The RFC 3463 status for a recipient. The reply's own enhanced status when it has a valid one whose
   * class matches the reply code, else {@code 5.0.0} or {@code 4.0.0} from the code. An expired message
   * reports {@value #EXPIRED_STATUS} unless its last reply was permanent, since then the peer's verdict,
   * not the queue's age, is what failed it.
   */
  static String status(SmtpReply reply, BounceReason reason) {
    if (reason == BounceReason.EXPIRED && !reply.isPermanent()) {
      return EXPIRED_STATUS;
    }
    String enhanced = reply.enhancedStatus();
    if (ENHANCED_STATUS.matcher(enhanced).matches() && enhanced.charAt(0) == '0' + reply.code() / 100) {
      return enhanced;
    }
    return reply.isPermanent() ? "5.0.0" : "4.0.0";
  }

  private String humanPart(BounceRequest request) {
    StringBuilder body = new StringBuilder();
    body.append(DsnText.paragraph("This is the mail system at host " + reportingMta + "."));
    body.append(CRLF);
    if (request.reason() == BounceReason.EXPIRED) {
      body.append(DsnText.paragraph("Your message could not be delivered to one or more recipients within the"
          + " retry period. It was accepted on " + RFC5322_DATE.format(request.arrival()) + " and the relay"
          + " has stopped trying. The last reply for each recipient is shown below."));
    } else {
      body.append(DsnText.paragraph("Your message could not be delivered to one or more recipients. The"
          + " receiving server refused them permanently, so the relay will not try again."));
    }
    body.append(CRLF);
    body.append(DsnText.paragraph("The delivery report and the headers of your message are attached;"
        + " the message itself is not."));
    for (FailedRecipient failed : request.failed()) {
      String host = failed.remoteMta().isEmpty()
          ? "the receiving server"
          : "host " + DsnText.sevenBit(failed.remoteMta());
      String said = request.reason() == BounceReason.EXPIRED
          ? "last reply from " + host + ": "
          : host + " said: ";
      String command = failed.reply().command().isEmpty()
          ? ""
          : " (in reply to " + DsnText.sevenBit(failed.reply().command().replace('_', ' ')) + ")";
      body.append(CRLF);
      body.append(DsnText.paragraph("<" + DsnText.sevenBit(failed.recipient()) + ">: " + said
          + DsnText.sevenBit(failed.reply().toString()) + command));
    }
    return field("Content-Type", "text/plain; charset=us-ascii")
        + field("Content-Transfer-Encoding", "7bit")
        + field("Content-Description", "Notification")
        + CRLF
        + body;
  }

  private String statusPart(BounceRequest request, Instant now) {
    StringBuilder report = new StringBuilder();
    report.append(field("Reporting-MTA", "dns; " + reportingMta));
    report.append(field("X-PoolRelay-Queue-ID", request.queueId()));
    report.append(field("Arrival-Date", RFC5322_DATE.format(request.arrival())));
    for (FailedRecipient failed : request.failed()) {
      SmtpReply reply = failed.reply();
      report.append(CRLF);
      report.append(field("Final-Recipient", DsnText.typedAddress(failed.recipient())));
      report.append(field("Action", "failed"));
      report.append(field("Status", status(reply, request.reason())));
      if (!failed.remoteMta().isEmpty()) {
        report.append(field("Remote-MTA", "dns; " + DsnText.sevenBit(failed.remoteMta())));
      }
      report.append(field("Diagnostic-Code", "smtp; " + DsnText.sevenBit(reply.toString())));
      // The request carries no per-recipient attempt time; the relay bounces right after giving up.
      report.append(field("Last-Attempt-Date", RFC5322_DATE.format(now)));
    }
    return field("Content-Type", "message/delivery-status")
        + field("Content-Description", "Delivery report")
        + CRLF
        + report;
  }

  /**
   * The original header section as {@code text/rfc822-headers} (RFC 6522 section 4). Anything after a
   * blank line is cut first, so a caller that passes more than the header section still never leaks the
   * body.
   *
   * <p>When the headers are 7-bit with CRLF lines under our line limit, they go in unchanged with
   * {@code 7bit}: that is the common case and stays readable in the raw message. Otherwise (8-bit bytes
   * from an SMTPUTF8 or careless sender, bare CR or LF, over-long lines) the part is base64-encoded. We
   * don't use {@code 8bit}: the DSN leaves through whatever upstream the route picks, which may not offer
   * 8BITMIME, and an 8-bit message can't be downgraded without rewriting it. We don't rewrite the headers
   * into RFC 2047 encoded-words either: the point of this part is to show the sender exactly what was
   * sent, and base64 keeps every byte while staying 7-bit. The charset is {@code utf-8} when the bytes
   * are valid UTF-8 (RFC 6532 headers), else left unlabelled.
   */
  static String headersPart(byte[] original) {
    byte[] section = headerSection(original);
    if (isSevenBitCrlfText(section)) {
      return field("Content-Type", "text/rfc822-headers")
          + field("Content-Transfer-Encoding", "7bit")
          + field("Content-Description", "Undelivered message headers")
          + CRLF
          + new String(section, StandardCharsets.US_ASCII);
    }
    String type = isUtf8(section) ? "text/rfc822-headers; charset=utf-8" : "text/rfc822-headers";
    return field("Content-Type", type)
        + field("Content-Transfer-Encoding", "base64")
        + field("Content-Description", "Undelivered message headers")
        + CRLF
        + Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII)).encodeToString(section)
        + (section.length == 0 ? "" : CRLF);
  }

  /** The bytes up to and including the line break before the first empty line, ending in a line break. */
  private static byte[] headerSection(byte[] original) {
    int end = original.length;
    for (int i = 0; i < original.length; i++) {
      boolean lineStart = i == 0 || original[i - 1] == '\n';
      if (lineStart && (original[i] == '\n' || (original[i] == '\r' && i + 1 < original.length
          && original[i + 1] == '\n'))) {
        end = i;
        break;
      }
    }
    boolean terminated = end == 0 || original[end - 1] == '\n';
    byte[] section = new byte[end + (terminated ? 0 : 2)];
    System.arraycopy(original, 0, section, 0, end);
    if (!terminated) {
      section[end] = '\r';
      section[end + 1] = '\n';
    }
    return section;
  }

  private static boolean isSevenBitCrlfText(byte[] bytes) {
    int lineLength = 0;
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b <= 0 || b == 0x7f) {
        return false; // 8-bit (negative as a signed byte) or NUL or DEL
      }
      if (b == '\r') {
        if (i + 1 >= bytes.length || bytes[i + 1] != '\n') {
          return false;
        }
      } else if (b == '\n') {
        if (i == 0 || bytes[i - 1] != '\r') {
          return false;
        }
        lineLength = 0;
      } else if (++lineLength > DsnText.MAX_LINE) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** The queue id's letters and digits, at most 32: safe in both a Message-ID and a MIME boundary. */
  private static String queueTag(String queueId) {
    String tag = queueId.replaceAll("[^A-Za-z0-9]", "");
    if (tag.isEmpty()) {
      return "q";
    }
    return tag.length() > 32 ? tag.substring(0, 32) : tag;
  }

  private static String hex(long value) {
    return HexFormat.of().toHexDigits(value);
  }
}
