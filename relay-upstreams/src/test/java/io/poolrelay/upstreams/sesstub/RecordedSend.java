package io.poolrelay.upstreams.sesstub;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.stream.Stream;

/**
 * One SendEmail request with raw content that reached the {@link SesStub}, whatever was answered to it: a
 * scripted error or a {@link SocketFault} still records the send ({@link #accepted()} tells), because
 * "SES got it but the client heard nothing" is exactly the case tests need to see.
 *
 * @param index                          0-based, in the order the stub read them
 * @param messageId                      the MessageId answered; empty unless {@link #accepted()}
 * @param status                         the HTTP status answered, or 0 when a fault meant no answer
 * @param fromEmailAddress               {@code FromEmailAddress}, when sent
 * @param to                             {@code Destination.ToAddresses}
 * @param cc                             {@code Destination.CcAddresses}
 * @param bcc                            {@code Destination.BccAddresses}
 * @param rawData                        {@code Content.Raw.Data} decoded from base64: the exact message bytes
 * @param tags                           {@code EmailTags}, name to value, in the order sent
 * @param configurationSetName           {@code ConfigurationSetName}, when sent
 * @param feedbackForwardingEmailAddress {@code FeedbackForwardingEmailAddress}, when sent
 * @param headers                        the HTTP request headers, names in lower case, in the order sent
 */
public record RecordedSend(
    int index,
    Optional<String> messageId,
    int status,
    Optional<String> fromEmailAddress,
    List<String> to,
    List<String> cc,
    List<String> bcc,
    byte[] rawData,
    SequencedMap<String, String> tags,
    Optional<String> configurationSetName,
    Optional<String> feedbackForwardingEmailAddress,
    Map<String, List<String>> headers) {

  public RecordedSend {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(fromEmailAddress, "fromEmailAddress");
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    bcc = List.copyOf(bcc);
    rawData = rawData.clone();
    tags = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(tags));
    Objects.requireNonNull(configurationSetName, "configurationSetName");
    Objects.requireNonNull(feedbackForwardingEmailAddress, "feedbackForwardingEmailAddress");
    headers = HttpHeaders.copyOf(headers);
  }

  /** A copy: the recorded bytes cannot be changed through it. */
  @Override
  public byte[] rawData() {
    return rawData.clone();
  }

  /** The raw message as ISO-8859-1, one char per byte, so 8-bit bytes survive for readable assertions. */
  public String rawDataAsLatin1() {
    return new String(rawData, StandardCharsets.ISO_8859_1);
  }

  /** True when SES's answer was 200 with a MessageId: the client was told the message was accepted. */
  public boolean accepted() {
    return messageId.isPresent();
  }

  /** To, then Cc, then Bcc: the envelope recipients SES counts against the quota. */
  public List<String> recipients() {
    return Stream.of(to, cc, bcc).flatMap(List::stream).toList();
  }

  /** The first value of an HTTP request header (name in any case). */
  public Optional<String> header(String name) {
    return HttpHeaders.first(headers, name);
  }

  /** The SigV4 {@code Authorization} header parsed; empty when the request was not SigV4-signed. */
  public Optional<SigV4Authorization> authorization() {
    return header("Authorization").flatMap(SigV4Authorization::parse);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RecordedSend that
        && index == that.index
        && messageId.equals(that.messageId)
        && status == that.status
        && fromEmailAddress.equals(that.fromEmailAddress)
        && to.equals(that.to)
        && cc.equals(that.cc)
        && bcc.equals(that.bcc)
        && Arrays.equals(rawData, that.rawData)
        && tags.equals(that.tags)
        && configurationSetName.equals(that.configurationSetName)
        && feedbackForwardingEmailAddress.equals(that.feedbackForwardingEmailAddress)
        && headers.equals(that.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, messageId, status, to, cc, bcc, Arrays.hashCode(rawData), tags);
  }

  @Override
  public String toString() {
    return "RecordedSend[" + index + ", messageId=" + messageId.orElse("none") + ", status=" + status
        + ", from=" + fromEmailAddress.orElse("none") + ", to=" + to + ", cc=" + cc + ", bcc=" + bcc
        + ", raw=" + rawData.length + " bytes, tags=" + tags + ", configurationSet="
        + configurationSetName.orElse("none") + "]";
  }
}
