package io.poolrelay.upstreams.fakesmtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One mail transaction that reached the final dot, whatever was answered to it.
 *
 * @param connectionIndex   which connection carried it, 0-based in accept order
 * @param transactionIndex  which transaction on that connection, 0-based (each MAIL command starts one)
 * @param queueId           the id in the default {@code 250 2.0.0 Ok: queued as <id>} reply; unique per server
 * @param heloName          the EHLO or HELO argument in effect (after STARTTLS, the one sent again)
 * @param mailFrom          the reverse path without angle brackets ({@code ""} for the null sender)
 * @param mailParameters    the MAIL parameters as sent, such as {@code SIZE=1234} and {@code BODY=8BITMIME}
 * @param rcptTo            the recipients that got a positive reply, in order
 * @param refusedRcptTo     the recipients that got a negative reply, in order
 * @param data              the message after dot-unstuffing, without the final {@code .CRLF}; line ends as sent
 * @param replyCode         the reply to the final dot, or 0 when an effect (close, stall, shutdown) meant none was sent
 * @param tls               whether the connection was encrypted (STARTTLS or implicit TLS)
 * @param authenticatedUser the user the client authenticated as, if it did
 */
public record RecordedTransaction(
    int connectionIndex,
    int transactionIndex,
    String queueId,
    String heloName,
    String mailFrom,
    List<String> mailParameters,
    List<String> rcptTo,
    List<String> refusedRcptTo,
    byte[] data,
    int replyCode,
    boolean tls,
    Optional<String> authenticatedUser) {

  public RecordedTransaction {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(mailFrom, "mailFrom");
    mailParameters = List.copyOf(mailParameters);
    rcptTo = List.copyOf(rcptTo);
    refusedRcptTo = List.copyOf(refusedRcptTo);
    data = data.clone();
    Objects.requireNonNull(authenticatedUser, "authenticatedUser");
  }

  /** A copy: the recorded bytes cannot be changed through it. */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The data decoded as UTF-8, for readable assertions on text messages. */
  public String dataAsString() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /** True when the final dot got a 2xx reply: the client was told the message arrived. */
  public boolean accepted() {
    return replyCode >= 200 && replyCode < 300;
  }

  public boolean authenticated() {
    return authenticatedUser.isPresent();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RecordedTransaction that
        && connectionIndex == that.connectionIndex
        && transactionIndex == that.transactionIndex
        && queueId.equals(that.queueId)
        && Objects.equals(heloName, that.heloName)
        && mailFrom.equals(that.mailFrom)
        && mailParameters.equals(that.mailParameters)
        && rcptTo.equals(that.rcptTo)
        && refusedRcptTo.equals(that.refusedRcptTo)
        && Arrays.equals(data, that.data)
        && replyCode == that.replyCode
        && tls == that.tls
        && authenticatedUser.equals(that.authenticatedUser);
  }

  @Override
  public int hashCode() {
    return Objects.hash(connectionIndex, transactionIndex, queueId, mailFrom, rcptTo, Arrays.hashCode(data), replyCode);
  }

  @Override
  public String toString() {
    return "RecordedTransaction[connection=" + connectionIndex + ", transaction=" + transactionIndex
        + ", queueId=" + queueId + ", from=<" + mailFrom + "> " + mailParameters + ", to=" + rcptTo
        + ", refused=" + refusedRcptTo + ", data=" + data.length + " bytes, reply=" + replyCode
        + ", tls=" + tls + ", auth=" + authenticatedUser.orElse("none") + "]";
  }
}
