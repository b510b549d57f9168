package io.poolrelay.server.bounce;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything a bounce needs to know about one queued message and the recipients that failed.
 *
 * @param queueId         the spool id of the original message; printable ASCII, no spaces
 * @param originalSender  the envelope sender to notify, without angle brackets; never the null sender,
 *                        because a bounce is never sent for a bounce (RFC 5321 section 4.5.5)
 * @param arrival         when the original message was accepted
 * @param failed          the recipients given up on; at least one
 * @param originalHeaders the original header section, CRLF lines, without the blank line that ends it
 * @param reason          why the relay gave up
 */
public record BounceRequest(
    String queueId,
    String originalSender,
    Instant arrival,
    List<FailedRecipient> failed,
    byte[] originalHeaders,
    BounceReason reason) {

  /** Generous: RFC 5321 limits a path to 256 octets; this only keeps header lines far below 998. */
  static final int MAX_ADDRESS_CHARS = 512;

  public BounceRequest {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(originalSender, "originalSender");
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(originalHeaders, "originalHeaders");
    Objects.requireNonNull(reason, "reason");
    failed = List.copyOf(failed);
    originalHeaders = originalHeaders.clone();
    if (queueId.isEmpty() || !queueId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "bounce: queue id '" + queueId + "' must be non-empty printable ASCII without spaces");
    }
    if (originalSender.isEmpty()) {
      throw new IllegalArgumentException(
          "bounce: message " + queueId + " has the null sender; bounces are never sent to <>");
    }
    requireNoControlChars("originalSender", originalSender);
    if (failed.isEmpty()) {
      throw new IllegalArgumentException("bounce: message " + queueId + " has no failed recipients");
    }
  }

  /** A copy of the original header section; the record never shares its array. */
  @Override
  public byte[] originalHeaders() {
    return originalHeaders.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BounceRequest that
        && queueId.equals(that.queueId)
        && originalSender.equals(that.originalSender)
        && arrival.equals(that.arrival)
        && failed.equals(that.failed)
        && Arrays.equals(originalHeaders, that.originalHeaders)
        && reason == that.reason;
  }

  @Override
  public int hashCode() {
    return Objects.hash(queueId, originalSender, arrival, failed, Arrays.hashCode(originalHeaders), reason);
  }

  @Override
  public String toString() {
    return "BounceRequest[queueId=" + queueId + ", originalSender=" + originalSender + ", arrival=" + arrival
        + ", failed=" + failed + ", originalHeaders=" + originalHeaders.length + " bytes, reason=" + reason + "]";
  }

  /** Addresses and host names end up in header fields: a CR or LF there would inject header lines. */
  static void requireNoControlChars(String what, String value) {
    if (value.length() > MAX_ADDRESS_CHARS) {
      throw new IllegalArgumentException("bounce: " + what + " is " + value.length()
          + " characters long, more than any SMTP path (limit " + MAX_ADDRESS_CHARS + ")");
    }
    if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("bounce: " + what + " '" + value.replaceAll("\\p{Cntrl}", "?")
          + "' contains control characters");
    }
  }
}
