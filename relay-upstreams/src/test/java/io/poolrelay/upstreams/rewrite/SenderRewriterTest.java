package io.poolrelay.upstreams.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.model.FromRewrite;
import io.poolrelay.config.model.SenderRewrite;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.MessageContent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SenderRewriterTest {

  private static final String NEWS = "news@mail.example.com";
  private static final SenderRewrite ENVELOPE_ONLY =
      new SenderRewrite(Optional.of("bounces@mail.example.com"), Optional.empty());
  private static final SenderRewrite FROM_KEEPING_ORIGINAL =
      new SenderRewrite(Optional.empty(), Optional.of(new FromRewrite(NEWS, true)));
  private static final SenderRewrite FROM_ONLY =
      new SenderRewrite(Optional.empty(), Optional.of(new FromRewrite(NEWS, false)));

  private static Envelope envelope(String sender) {
    return new Envelope("q1", sender, List.of("reader@example.net"));
  }

  /** One char per byte (ISO-8859-1), so a test can write any 8-bit byte as a char and compare bytes exactly. */
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] written(MessageContent content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    content.writeTo(out);
    return out.toByteArray();
  }

  /** Rewrites with {@code rule}, checking that writeTo, open and size agree, and returns the bytes as text. */
  private static String rewrite(SenderRewrite rule, MessageContent content) throws IOException {
    MessageContent rewritten = new SenderRewriter(rule).rewrite(content);
    byte[] out = written(rewritten);
    try (InputStream in = rewritten.open()) {
      assertArrayEquals(out, in.readAllBytes(), "open() and writeTo() differ");
    }
    assertEquals(out.length, rewritten.size(), "size()");
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  private static String rewrite(SenderRewrite rule, String message) throws IOException {
    return rewrite(rule, MessageContent.of(bytes(message)));
  }

  // --- envelope_from

  @Test
  void envelopeSenderBecomesTheConfiguredEnvelopeFrom() {
    Envelope original = new Envelope("q1", "app@app.example", List.of("a@example.net", "b@example.net"));

    Envelope rewritten = new SenderRewriter(ENVELOPE_ONLY).rewrite(original);

    assertEquals(new Envelope("q1", "bounces@mail.example.com", List.of("a@example.net", "b@example.net")), rewritten);
  }

  @Test
  void nullSenderOfABounceIsNeverReplaced() {
    Envelope bounce = envelope("");

    assertSame(bounce, new SenderRewriter(ENVELOPE_ONLY).rewrite(bounce));
  }

  @Test
  void envelopeFromKeepsTheAttemptsPoolAndHints() {
    Envelope original = new Envelope("q1", "app@app.example", List.of("a@example.net"), "marketing",
        Map.of("X-Campaign-Type", "newsletter"));

    Envelope rewritten = new SenderRewriter(ENVELOPE_ONLY).rewrite(original);

    assertEquals(new Envelope("q1", "bounces@mail.example.com", List.of("a@example.net"), "marketing",
        Map.of("X-Campaign-Type", "newsletter")), rewritten);
  }

  @Test
  void envelopeStaysTheSameInstanceWithoutEnvelopeFrom() {
    Envelope original = envelope("app@app.example");

    assertSame(original, new SenderRewriter(FROM_KEEPING_ORIGINAL).rewrite(original));
  }

  @Test
  void contentStaysTheSameInstanceWithoutFromRewrite() throws IOException {
    MessageContent content = MessageContent.of(bytes("From: jane@app.example\r\n\r\nhi\r\n"));

    assertSame(content, new SenderRewriter(ENVELOPE_ONLY).rewrite(content));
  }

  @Test
  void withNothingConfiguredBothInputsComeBackAsTheSameInstances() throws IOException {
    SenderRewriter rewriter = new SenderRewriter(SenderRewrite.NONE);
    Envelope envelope = envelope("app@app.example");
    MessageContent content = MessageContent.of(bytes("From: jane@app.example\r\n\r\nhi\r\n"));

    assertTrue(rewriter.rewritesNothing());
    assertSame(envelope, rewriter.rewrite(envelope));
    assertSame(content, rewriter.rewrite(content));
  }

  // --- from_rewrite: the From field

  @Test
  void fromAddressIsReplacedAndTheDisplayNameKept() throws IOException {
    String message = "Date: Thu, 3 Dec 2026 21:00:00 +0000\r\n"
        + "From: Jane Doe <jane@app.example>\r\n"
        + "To: reader@example.net\r\n"
        + "Subject: Hello\r\n"
        + "\r\n"
        + "Body\r\n";

    assertEquals("Date: Thu, 3 Dec 2026 21:00:00 +0000\r\n"
        + "From: Jane Doe <news@mail.example.com>\r\n"
        + "Reply-To: Jane Doe <jane@app.example>\r\n"
        + "To: reader@example.net\r\n"
        + "Subject: Hello\r\n"
        + "\r\n"
        + "Body\r\n", rewrite(FROM_KEEPING_ORIGINAL, message));
  }

  @Test
  void quotedDisplayNameIsKeptWithItsQuotes() throws IOException {
    assertEquals("From: \"Doe, Jane (Sales)\" <news@mail.example.com>\r\n\r\nx\r\n",
        rewrite(FROM_ONLY, "From: \"Doe, Jane (Sales)\" <jane@app.example>\r\n\r\nx\r\n"));
  }

  @Test
  void encodedWordDisplayNameIsKeptAsWritten() throws IOException {
    assertEquals("From: =?UTF-8?B?SsOpcsO0bWU=?= <news@mail.example.com>\r\n\r\nx\r\n",
        rewrite(FROM_ONLY, "From: =?UTF-8?B?SsOpcsO0bWU=?= <jerome@app.example>\r\n\r\nx\r\n"));
  }

  @Test
  void eightBitDisplayNameIsKeptByteForByte() throws IOException {
    byte[] message = "From: Jérôme Ünal <jerome@app.example>\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8);

    byte[] rewritten = written(new SenderRewriter(FROM_ONLY).rewrite(MessageContent.of(message)));

    assertArrayEquals("From: Jérôme Ünal <news@mail.example.com>\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8),
        rewritten);
  }

  @Test
  void foldedFromIsReadAcrossItsLinesAndKeepsItsFolding() throws IOException {
    String message = "Subject: folded\r\n"
        + "From: \"Jane Doe, Head of\r\n"
        + "\tCustomer Happiness\"\r\n"
        + " <jane@app.example>\r\n"
        + "To: reader@example.net\r\n"
        + "\r\n"
        + "x\r\n";

    assertEquals("Subject: folded\r\n"
        + "From: \"Jane Doe, Head of\r\n"
        + "\tCustomer Happiness\"\r\n"
        + " <news@mail.example.com>\r\n"
        + "Reply-To: \"Jane Doe, Head of\r\n"
        + "\tCustomer Happiness\"\r\n"
        + " <jane@app.example>\r\n"
        + "To: reader@example.net\r\n"
        + "\r\n"
        + "x\r\n", rewrite(FROM_KEEPING_ORIGINAL, message));
  }

  @Test
  void bareAddressGetsNoDisplayName() throws IOException {
    assertEquals("From: news@mail.example.com\r\nReply-To: jane@app.example\r\n\r\nx\r\n",
        rewrite(FROM_KEEPING_ORIGINAL, "From: jane@app.example\r\n\r\nx\r\n"));
  }

  @Test
  void angleAddressWithoutDisplayNameGetsNone() throws IOException {
    assertEquals("From: <news@mail.example.com>\r\n\r\nx\r\n",
        rewrite(FROM_ONLY, "From: <jane@app.example>\r\n\r\nx\r\n"));
  }

  @Test
  void oldStyleCommentNameIsKeptAsWritten() throws IOException {
    assertEquals("From: news@mail.example.com (Jane Doe)\r\n\r\nx\r\n",
        rewrite(FROM_ONLY, "From: jane@app.example (Jane Doe)\r\n\r\nx\r\n"));
  }

  @Test
  void severalMailboxesKeepTheFirstDisplayNameAndAllGoToReplyTo() throws IOException {
    String message = "From: Jane <jane@app.example>, \"Bob, Jr.\" <bob@app.example>\r\n"
        + "Sender: jane@app.example\r\n"
        + "\r\n"
        + "x\r\n";

    assertEquals("From: Jane <news@mail.example.com>\r\n"
        + "Reply-To: Jane <jane@app.example>, \"Bob, Jr.\" <bob@app.example>\r\n"
        + "Sender: jane@app.example\r\n"
        + "\r\n"
        + "x\r\n", rewrite(FROM_KEEPING_ORIGINAL, message));
  }

  @Test
  void fieldNameIsFoundWhateverItsCaseAndKeptAsWritten() throws IOException {
    assertEquals("FROM : Jane <news@mail.example.com>\r\n\r\nx\r\n",
        rewrite(FROM_ONLY, "FROM : Jane <jane@app.example>\r\n\r\nx\r\n"));
  }

  @Test
  void secondFromFieldIsDropped() throws IOException {
    assertEquals("From: Jane <news@mail.example.com>\r\nTo: r@example.net\r\n\r\nx\r\n",
        rewrite(FROM_ONLY, "From: Jane <jane@app.example>\r\nTo: r@example.net\r\nFrom: other@app.example\r\n\r\nx\r\n"));
  }

  @Test
  void fromThatNamesNoMailboxBecomesTheBareAddressWithoutReplyTo() throws IOException {
    assertEquals("From: news@mail.example.com\r\n\r\nx\r\n",
        rewrite(FROM_KEEPING_ORIGINAL, "From: Our Newsletter\r\n\r\nx\r\n"));
  }

  @Test
  void fromAddressWithALineBreakIsRefusedRatherThanInjectedAsAHeader() {
    SenderRewrite injecting = new SenderRewrite(Optional.empty(),
        Optional.of(new FromRewrite("news@mail.example.com\r\nBcc: everyone@example.net", true)));

    assertThrows(IllegalArgumentException.class, () -> new SenderRewriter(injecting));
  }

  // --- from_rewrite: Reply-To

  @Test
  void existingReplyToIsLeftAlone() throws IOException {
    String message = "reply-to: Support <support@app.example>\r\n"
        + "From: Jane <jane@app.example>\r\n"
        + "\r\n"
        + "x\r\n";

    assertEquals("reply-to: Support <support@app.example>\r\n"
        + "From: Jane <news@mail.example.com>\r\n"
        + "\r\n"
        + "x\r\n", rewrite(FROM_KEEPING_ORIGINAL, message));
  }

  @Test
  void noReplyToIsAddedWhenKeepOriginalInReplyToIsOff() throws IOException {
    assertEquals("From: Jane <news@mail.example.com>\r\n\r\nx\r\n",
        rewrite(FROM_ONLY, "From: Jane <jane@app.example>\r\n\r\nx\r\n"));
  }

  // --- from_rewrite: where the header section ends

  @Test
  void messageWithoutFromGetsOneAtTheEndOfItsHeaderSection() throws IOException {
    assertEquals("To: reader@example.net\r\nSubject: s\r\nFrom: news@mail.example.com\r\n\r\nbody\r\n",
        rewrite(FROM_KEEPING_ORIGINAL, "To: reader@example.net\r\nSubject: s\r\n\r\nbody\r\n"));
  }

  @Test
  void messageWithAnEmptyHeaderSectionGetsAFromBeforeItsBody() throws IOException {
    assertEquals("From: news@mail.example.com\r\n\r\nbody\r\n", rewrite(FROM_KEEPING_ORIGINAL, "\r\nbody\r\n"));
  }

  @Test
  void bodyIsNeverRewrittenEvenWhereItLooksLikeAHeader() throws IOException {
    String message = "From: Jane <jane@app.example>\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n"
        + "\r\n"
        + "From: x\r\n"
        + "Reply-To: y@app.example\r\n"
        + "\r\n"
        + "Gr\u00c3\u00bc\u00c3\u009fe \u00ff\u0080\r\n"
        + ".leading dot\r\n";

    assertEquals("From: Jane <news@mail.example.com>\r\n"
        + "Reply-To: Jane <jane@app.example>\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n"
        + "\r\n"
        + "From: x\r\n"
        + "Reply-To: y@app.example\r\n"
        + "\r\n"
        + "Gr\u00c3\u00bc\u00c3\u009fe \u00ff\u0080\r\n"
        + ".leading dot\r\n", rewrite(FROM_KEEPING_ORIGINAL, message));
  }

  @Test
  void headerSectionThatIsTheWholeMessageIsRewritten() throws IOException {
    assertEquals("Subject: no body\r\nFrom: Jane <news@mail.example.com>\r\nReply-To: Jane <jane@app.example>\r\n",
        rewrite(FROM_KEEPING_ORIGINAL, "Subject: no body\r\nFrom: Jane <jane@app.example>\r\n"));
  }

  @Test
  void onlyTheHeaderSectionIsReadAndTheBodyIsStreamedFromTheOriginal() throws IOException {
    String header = "From: Jane <jane@app.example>\r\nSubject: big\r\n\r\n";
    String body = ("y".repeat(998) + "\r\n").repeat(4_000);
    StreamedContent original = new StreamedContent(bytes(header + body));

    MessageContent rewritten = new SenderRewriter(FROM_ONLY).rewrite(original);
    long readToRewrite = original.bytesRead.get();

    assertTrue(readToRewrite <= header.length() + 8192,
        "read " + readToRewrite + " bytes of a " + original.size() + "-byte message to rewrite its header");
    assertEquals("From: Jane <news@mail.example.com>\r\nSubject: big\r\n\r\n" + body,
        new String(written(rewritten), StandardCharsets.ISO_8859_1));
  }

  /** Content that only streams, the way a spool file does, and counts what was read from it. */
  private static final class StreamedContent implements MessageContent {

    private final byte[] bytes;
    final AtomicLong bytesRead = new AtomicLong();

    StreamedContent(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      try (InputStream in = open()) {
        in.transferTo(out);
      }
    }

    @Override
    public InputStream open() {
      return new FilterInputStream(new ByteArrayInputStream(bytes)) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          bytesRead.addAndGet(b < 0 ? 0 : 1);
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = super.read(buffer, offset, length);
          bytesRead.addAndGet(Math.max(n, 0));
          return n;
        }
      };
    }
  }
}
