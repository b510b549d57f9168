package io.poolrelay.server.bounce;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.SmtpReply;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DsnComposerTest {

  private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");
  private static final Instant ARRIVAL = Instant.parse("2025-02-27T10:00:00Z");
  private static final String HEADERS = "From: Alice <alice@example.org>\r\n"
      + "To: bob@example.net, carol@example.com\r\n"
      + "Subject: quarterly numbers\r\n"
      + "Message-ID: <orig-1@example.org>\r\n";

  private static final SmtpReply USER_UNKNOWN = new SmtpReply(550, "5.1.1", "user unknown", "RCPT");
  private static final SmtpReply MAILBOX_FULL = new SmtpReply(452, "4.2.2", "mailbox full", "RCPT");

  // ---- structure ----

  @Test
  void messageIsMultipartReportOfTypeDeliveryStatusFromMailerDaemonToSender() throws Exception {
    MimeMessage message = parse(compose(rejected(failed("bob@example.net", USER_UNKNOWN, "mx.example.net"))));

    ContentType type = new ContentType(message.getContentType());
    assertEquals("multipart/report", type.getBaseType());
    assertEquals("delivery-status", type.getParameter("report-type"));
    assertEquals("Mail Delivery System <MAILER-DAEMON@relay.example.com>", message.getHeader("From", null));
    assertEquals("<alice@example.org>", message.getHeader("To", null));
    assertEquals("Undelivered Mail Returned to Sender", message.getSubject());
    assertEquals("auto-replied", message.getHeader("Auto-Submitted", null));
    assertEquals("1.0", message.getHeader("MIME-Version", null));
    assertEquals(NOW, message.getSentDate().toInstant());
    assertTrue(message.getMessageID().matches("<Q1A2B3\\.[0-9a-f]{16}@relay\\.example\\.com>"),
        message.getMessageID());
  }

  @Test
  void reportHasHumanTextThenDeliveryStatusThenOriginalHeaders() throws Exception {
    Multipart parts = parts(compose(rejected(failed("bob@example.net", USER_UNKNOWN, "mx.example.net"))));

    assertEquals(3, parts.getCount());
    assertEquals("text/plain", baseType(parts.getBodyPart(0)));
    assertEquals("message/delivery-status", baseType(parts.getBodyPart(1)));
    assertEquals("text/rfc822-headers", baseType(parts.getBodyPart(2)));
  }

  // ---- message/delivery-status ----

  @Test
  void deliveryStatusHasPerMessageFieldsThenOneBlockPerFailedRecipient() throws Exception {
    byte[] dsn = compose(rejected(
        failed("bob@example.net", USER_UNKNOWN, "mx.example.net"),
        failed("carol@example.com", new SmtpReply(554, "5.7.1", "relay access denied", "RCPT"), "")));

    List<InternetHeaders> blocks = deliveryStatus(dsn);

    assertEquals(3, blocks.size());
    InternetHeaders perMessage = blocks.get(0);
    assertEquals("dns; relay.example.com", perMessage.getHeader("Reporting-MTA", null));
    assertEquals("Q1-A2B3", perMessage.getHeader("X-PoolRelay-Queue-ID", null));
    assertEquals("Thu, 27 Feb 2025 10:00:00 +0000", perMessage.getHeader("Arrival-Date", null));

    InternetHeaders bob = blocks.get(1);
    assertEquals("rfc822; bob@example.net", bob.getHeader("Final-Recipient", null));
    assertEquals("failed", bob.getHeader("Action", null));
    assertEquals("5.1.1", bob.getHeader("Status", null));
    assertEquals("dns; mx.example.net", bob.getHeader("Remote-MTA", null));
    assertEquals("smtp; 550 5.1.1 user unknown", bob.getHeader("Diagnostic-Code", null));
    assertEquals("Tue, 4 Mar 2025 05:06:07 +0000", bob.getHeader("Last-Attempt-Date", null));

    InternetHeaders carol = blocks.get(2);
    assertEquals("rfc822; carol@example.com", carol.getHeader("Final-Recipient", null));
    assertEquals("5.7.1", carol.getHeader("Status", null));
    assertEquals("smtp; 554 5.7.1 relay access denied", carol.getHeader("Diagnostic-Code", null));
    assertNull(carol.getHeader("Remote-MTA", null), "Remote-MTA is left out when the upstream is unknown");
  }

  @Test
  void permanentReplyWithoutEnhancedStatusReports500() throws Exception {
    byte[] dsn = compose(rejected(failed("bob@example.net", new SmtpReply(550, "", "no such user", "RCPT"), "mx")));

    InternetHeaders bob = deliveryStatus(dsn).get(1);
    assertEquals("5.0.0", bob.getHeader("Status", null));
    assertEquals("smtp; 550 no such user", bob.getHeader("Diagnostic-Code", null));
  }

  @Test
  void enhancedStatusWhoseClassContradictsTheReplyCodeIsDerivedFromTheCode() {
    assertEquals("5.0.0", DsnComposer.status(new SmtpReply(550, "4.1.1", "odd", "RCPT"), BounceReason.REJECTED));
    assertEquals("5.0.0", DsnComposer.status(new SmtpReply(550, "5.x.1", "odd", "RCPT"), BounceReason.REJECTED));
  }

  @Test
  void expiredMessageAfterTransientRepliesReportsMessageExpired447WithTheLastReply() throws Exception {
    byte[] dsn = compose(expired(failed("bob@example.net", MAILBOX_FULL, "mx.example.net")));

    InternetHeaders bob = deliveryStatus(dsn).get(1);
    assertEquals("4.4.7", bob.getHeader("Status", null));
    assertEquals("failed", bob.getHeader("Action", null));
    assertEquals("smtp; 452 4.2.2 mailbox full", bob.getHeader("Diagnostic-Code", null));
  }

  @Test
  void expiredMessageWhoseLastReplyWasPermanentKeepsThePermanentStatus() throws Exception {
    byte[] dsn = compose(expired(
        failed("bob@example.net", USER_UNKNOWN, "mx.example.net"),
        failed("carol@example.com", new SmtpReply(421, "4.4.1", "connection refused", "CONNECT"), "")));

    List<InternetHeaders> blocks = deliveryStatus(dsn);
    assertEquals("5.1.1", blocks.get(1).getHeader("Status", null));
    assertEquals("4.4.7", blocks.get(2).getHeader("Status", null));
  }

  // ---- human part ----

  @Test
  void humanTextNamesEachRecipientWithTheUpstreamReply() throws Exception {
    Multipart parts = parts(compose(rejected(
        failed("bob@example.net", USER_UNKNOWN, "mx.example.net"),
        failed("carol@example.com", new SmtpReply(554, "5.7.1", "relay access denied", "RCPT"), ""))));

    String text = unfold((String) parts.getBodyPart(0).getContent());
    assertTrue(text.contains("<bob@example.net>: host mx.example.net said: 550 5.1.1 user unknown (in reply to RCPT)"),
        text);
    assertTrue(text.contains("<carol@example.com>: the receiving server said: 554 5.7.1 relay access denied"),
        text);
    assertTrue(text.contains("refused them permanently"), text);
  }

  @Test
  void humanTextForExpiredMessageExplainsTheRetryPeriodAndShowsTheLastReply() throws Exception {
    Multipart parts = parts(compose(expired(failed("bob@example.net", MAILBOX_FULL, "mx.example.net"))));

    String text = unfold((String) parts.getBodyPart(0).getContent());
    assertTrue(text.contains("within the retry period"), text);
    assertTrue(text.contains("Thu, 27 Feb 2025 10:00:00 +0000"), text);
    assertTrue(text.contains("<bob@example.net>: last reply from host mx.example.net: 452 4.2.2 mailbox full (in reply to RCPT)"),
        text);
  }

  // ---- original headers, never the body ----

  @Test
  void asciiOriginalHeadersAreIncludedVerbatimAs7bit() throws Exception {
    byte[] dsn = compose(rejected(failed("bob@example.net", USER_UNKNOWN, "mx.example.net")));
    BodyPart headers = parts(dsn).getBodyPart(2);

    assertEquals("7bit", headers.getHeader("Content-Transfer-Encoding")[0]);
    assertEquals(HEADERS, new String(read(headers.getInputStream()), US_ASCII));
    assertTrue(new String(dsn, US_ASCII).contains(HEADERS), "headers appear unencoded in the raw DSN");
  }

  @Test
  void originalBodyIsNeverIncludedEvenWhenTheCallerPassesIt() throws Exception {
    byte[] withBody = (HEADERS + "\r\nSECRET-BODY-LINE\r\nmore body\r\n").getBytes(US_ASCII);
    byte[] dsn = compose(request(BounceReason.REJECTED, withBody,
        failed("bob@example.net", USER_UNKNOWN, "mx.example.net")));

    assertFalse(new String(dsn, US_ASCII).contains("SECRET-BODY-LINE"));
    assertEquals(HEADERS, new String(read(parts(dsn).getBodyPart(2).getInputStream()), US_ASCII));
  }

  @Test
  void nonAsciiOriginalHeadersAreBase64EncodedAndDecodeToTheOriginalBytes() throws Exception {
    byte[] original = ("From: J\u00f6rg <joerg@example.de>\r\nSubject: Gr\u00fc\u00dfe \u2603\r\n").getBytes(UTF_8);
    byte[] dsn = compose(request(BounceReason.REJECTED, original,
        failed("bob@example.net", USER_UNKNOWN, "mx.example.net")));

    assertSevenBit(dsn);
    BodyPart headers = parts(dsn).getBodyPart(2);
    assertEquals("base64", headers.getHeader("Content-Transfer-Encoding")[0]);
    assertEquals("utf-8", new ContentType(headers.getContentType()).getParameter("charset"));
    assertArrayEquals(original, read(headers.getInputStream()));
  }

  @Test
  void headersThatAreNotUtf8OrHaveBareLineFeedsAreBase64EncodedUnlabelled() throws Exception {
    byte[] original = "Subject: caf\u00e9\nX-Bare: lf\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] dsn = compose(request(BounceReason.REJECTED, original,
        failed("bob@example.net", USER_UNKNOWN, "mx.example.net")));

    assertSevenBit(dsn);
    BodyPart headers = parts(dsn).getBodyPart(2);
    assertEquals("base64", headers.getHeader("Content-Transfer-Encoding")[0]);
    assertNull(new ContentType(headers.getContentType()).getParameter("charset"));
    assertArrayEquals(original, read(headers.getInputStream()));
  }

  // ---- wire format ----

  @Test
  void everyLineEndsInCrlfAndIsUnder998OctetsEvenWithHugeReplyTextAndHeaders() throws Exception {
    String wordy = "word ".repeat(1000);
    String oneToken = "x".repeat(3000);
    byte[] longHeader = (HEADERS + "X-Long: " + "y".repeat(2000) + "\r\n").getBytes(US_ASCII);
    byte[] dsn = compose(request(BounceReason.REJECTED, longHeader,
        failed("bob@example.net", new SmtpReply(550, "5.7.1", wordy + oneToken, "END_OF_DATA"), "mx." + "h".repeat(400)),
        failed("carol@example.com", new SmtpReply(550, "", oneToken, "RCPT"), "")));

    assertCrlfLinesUnder998(dsn);
    assertSevenBit(dsn);
    assertEquals(3, deliveryStatus(dsn).size(), "folded report still parses");
  }

  @Test
  void nonAsciiReplyTextAndRecipientAreEscapedToSevenBit() throws Exception {
    byte[] dsn = compose(rejected(failed("j\u00f6rg@b\u00fccher.example",
        new SmtpReply(550, "5.1.1", "Benutzer unbekannt: j\u00f6rg", "RCPT"), "mx.b\u00fccher.example")));

    assertSevenBit(dsn);
    InternetHeaders block = deliveryStatus(dsn).get(1);
    assertEquals("utf-8; j\\x{F6}rg@b\\x{FC}cher.example", block.getHeader("Final-Recipient", null));
    assertEquals("smtp; 550 5.1.1 Benutzer unbekannt: j\\x{F6}rg", block.getHeader("Diagnostic-Code", null));
    assertEquals("dns; mx.b\\x{FC}cher.example", block.getHeader("Remote-MTA", null));
  }

  @Test
  void lineBreaksInReplyTextCannotInjectHeaderFields() throws Exception {
    byte[] dsn = compose(rejected(failed("bob@example.net",
        new SmtpReply(550, "5.1.1", "user unknown\r\nBcc: victim@example.com\r\n\r\n--fake", "RCPT"), "mx")));

    assertCrlfLinesUnder998(dsn);
    for (String line : new String(dsn, US_ASCII).split("\r\n")) {
      assertFalse(line.startsWith("Bcc:"), line);
      assertFalse(line.startsWith("--fake"), line);
    }
    assertEquals("smtp; 550 5.1.1 user unknown Bcc: victim@example.com --fake",
        deliveryStatus(dsn).get(1).getHeader("Diagnostic-Code", null));
  }

  // ---- determinism and uniqueness ----

  @Test
  void sameInputsWithSeededRandomAndFixedClockGiveIdenticalBytes() {
    BounceRequest request = rejected(failed("bob@example.net", USER_UNKNOWN, "mx.example.net"));

    assertArrayEquals(compose(request), compose(request));
  }

  @Test
  void messageIdAndBoundaryDifferBetweenQueueIdsAndBetweenRandomDraws() throws Exception {
    DsnComposer composer = new DsnComposer("relay.example.com", InstantSource.fixed(NOW), new SplittableRandom(7));
    FailedRecipient bob = failed("bob@example.net", USER_UNKNOWN, "mx.example.net");
    MimeMessage first = parse(composer.compose(rejected(bob)));
    MimeMessage again = parse(composer.compose(rejected(bob)));
    MimeMessage other = parse(composer.compose(new BounceRequest("Q9", "alice@example.org", ARRIVAL, List.of(bob),
        HEADERS.getBytes(US_ASCII), BounceReason.REJECTED)));

    assertNotEquals(first.getMessageID(), again.getMessageID());
    assertNotEquals(boundary(first), boundary(again));
    assertTrue(other.getMessageID().startsWith("<Q9."), other.getMessageID());
    assertTrue(boundary(other).contains("Q9"), boundary(other));
  }

  // ---- preconditions ----

  @Test
  void messagesWithTheNullSenderAreNeverBounced() {
    assertThrows(IllegalArgumentException.class, () -> new BounceRequest("Q1", "", ARRIVAL,
        List.of(failed("bob@example.net", USER_UNKNOWN, "")), new byte[0], BounceReason.REJECTED));
  }

  @Test
  void internationalizedSenderIsRefusedBecauseASevenBitDsnCannotAddressIt() {
    BounceRequest request = new BounceRequest("Q1", "j\u00f6rg@example.de", ARRIVAL,
        List.of(failed("bob@example.net", USER_UNKNOWN, "")), new byte[0], BounceReason.REJECTED);

    assertThrows(IllegalArgumentException.class, () -> composer().compose(request));
  }

  @Test
  void addressesWithLineBreaksAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> failed("bob@example.net\r\nBcc: x", USER_UNKNOWN, ""));
    assertThrows(IllegalArgumentException.class, () -> new BounceRequest("Q1", "a@b\nBcc: x", ARRIVAL,
        List.of(failed("bob@example.net", USER_UNKNOWN, "")), new byte[0], BounceReason.REJECTED));
  }

  @Test
  void requestKeepsItsOwnCopyOfTheOriginalHeaders() {
    byte[] headers = HEADERS.getBytes(US_ASCII);
    BounceRequest request = request(BounceReason.REJECTED, headers, failed("bob@example.net", USER_UNKNOWN, ""));
    byte[] before = compose(request);

    headers[0] = 'X';
    request.originalHeaders()[0] = 'Y';

    assertArrayEquals(before, compose(request));
  }

  // ---- helpers ----

  private static DsnComposer composer() {
    return new DsnComposer("relay.example.com", InstantSource.fixed(NOW), new SplittableRandom(42));
  }

  /** A fresh composer each time, so equal requests give equal bytes. */
  private static byte[] compose(BounceRequest request) {
    return composer().compose(request);
  }

  private static FailedRecipient failed(String recipient, SmtpReply reply, String remoteMta) {
    return new FailedRecipient(recipient, reply, remoteMta);
  }

  private static BounceRequest rejected(FailedRecipient... failed) {
    return request(BounceReason.REJECTED, HEADERS.getBytes(US_ASCII), failed);
  }

  private static BounceRequest expired(FailedRecipient... failed) {
    return request(BounceReason.EXPIRED, HEADERS.getBytes(US_ASCII), failed);
  }

  private static BounceRequest request(BounceReason reason, byte[] headers, FailedRecipient... failed) {
    return new BounceRequest("Q1-A2B3", "alice@example.org", ARRIVAL, List.of(failed), headers, reason);
  }

  private static MimeMessage parse(byte[] dsn) throws MessagingException {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(dsn));
  }

  private static Multipart parts(byte[] dsn) throws MessagingException, IOException {
    return (Multipart) parse(dsn).getContent();
  }

  private static String baseType(BodyPart part) throws MessagingException {
    return new ContentType(part.getContentType()).getBaseType();
  }

  private static String boundary(MimeMessage message) throws MessagingException {
    return new ContentType(message.getContentType()).getParameter("boundary");
  }

  /** The delivery-status part as header blocks: the per-message fields first, then one per recipient. */
  private static List<InternetHeaders> deliveryStatus(byte[] dsn) throws MessagingException, IOException {
    String report = new String(read(parts(dsn).getBodyPart(1).getInputStream()), US_ASCII);
    List<InternetHeaders> blocks = new ArrayList<>();
    for (String block : report.split("\r\n\r\n")) {
      if (!block.isBlank()) {
        blocks.add(new InternetHeaders(new ByteArrayInputStream((block + "\r\n\r\n").getBytes(US_ASCII))));
      }
    }
    return blocks;
  }

  private static String unfold(String text) {
    return text.replaceAll("\\s+", " ");
  }

  private static byte[] read(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static void assertSevenBit(byte[] dsn) {
    for (int i = 0; i < dsn.length; i++) {
      assertTrue(dsn[i] > 0, "byte " + i + " is 0x" + Integer.toHexString(dsn[i] & 0xff) + ", not 7-bit");
    }
  }

  private static void assertCrlfLinesUnder998(byte[] dsn) {
    int lineStart = 0;
    for (int i = 0; i < dsn.length; i++) {
      if (dsn[i] == '\n') {
        assertTrue(i > 0 && dsn[i - 1] == '\r', "bare LF at byte " + i);
        assertTrue(i + 1 - lineStart < 998, "line at byte " + lineStart + " is " + (i + 1 - lineStart) + " octets");
        lineStart = i + 1;
      } else if (dsn[i] == '\r') {
        assertTrue(i + 1 < dsn.length && dsn[i + 1] == '\n', "bare CR at byte " + i);
      }
    }
    assertEquals(dsn.length, lineStart, "the message ends with CRLF");
  }
}
