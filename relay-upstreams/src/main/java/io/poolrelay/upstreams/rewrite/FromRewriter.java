package io.poolrelay.upstreams.rewrite;

import io.poolrelay.config.model.FromRewrite;
import io.poolrelay.upstreams.MessageContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code from_rewrite} on a message's bytes: the {@code From:} field names the configured address, and
 * the original may move to a new {@code Reply-To:} right after it. Only the header section is read and
 * rebuilt; every other field keeps its bytes and its place, and the body is streamed untouched.
 */
final class FromRewriter {

  private static final String CRLF = "\r\n";

  private final FromRewrite rule;
  /**
   * The address in the one-char-per-byte form the header text is handled in (see {@link HeaderSection#text}),
   * so an address with UTF-8 in it is written as UTF-8.
   */
  private final String from;

  FromRewriter(FromRewrite rule) {
    this.rule = Objects.requireNonNull(rule, "rule");
    if (rule.from().chars().anyMatch(c -> c == '\r' || c == '\n')) {
      // The config refuses such an address; this guards against a header injected some other way.
      throw new IllegalArgumentException("from_rewrite address has a line break in it, which would split the header");
    }
    this.from = new String(rule.from().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  MessageContent rewrite(MessageContent content) throws IOException {
    HeaderSection header = HeaderSection.read(content);
    boolean addReplyTo = rule.keepOriginalInReplyTo() && !header.has("Reply-To");
    ByteArrayOutputStream head = new ByteArrayOutputStream(header.length() + 2 * from.length() + 64);
    boolean rewritten = false;
    int copied = 0;
    for (HeaderSection.Field field : header.fields()) {
      if (!field.is("From")) {
        continue;
      }
      header.copy(copied, field.start(), head);
      copied = field.end();
      if (rewritten) {
        // RFC 5322 allows one From; a second one would still show the sender the provider refuses.
        continue;
      }
      rewritten = true;
      String value = withoutLineBreak(header.text(field.valueStart(), field.end()));
      FromValue original = FromValue.parse(value);
      header.copy(field.start(), field.valueStart(), head);
      write(head, original.withAddress(from) + CRLF);
      if (addReplyTo && original.namesMailbox()) {
        write(head, "Reply-To:" + value + CRLF);
      }
    }
    header.copy(copied, header.length(), head);
    if (!rewritten) {
      // RFC 5322 requires a From. The rewrite names the only sender this upstream may use, so a message
      // that came without one gets it here rather than a refusal from the provider.
      write(head, (header.endsWithLineBreak() ? "" : CRLF) + "From: " + from + CRLF);
    }
    return new SplicedContent(head.toByteArray(), content, header.length());
  }

  private static String withoutLineBreak(String value) {
    return value.endsWith(CRLF) ? value.substring(0, value.length() - 2)
        : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
