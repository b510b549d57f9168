package io.poolrelay.upstreams.ses;

import io.poolrelay.config.model.SesUpstreamConfig;
import io.poolrelay.upstreams.ByteArrayContent;
import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.MessageContent;
import io.poolrelay.upstreams.RecipientOutcome;
import io.poolrelay.upstreams.SmtpReply;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.Upstream;
import io.poolrelay.upstreams.UpstreamSignal;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;
import software.amazon.awssdk.services.sesv2.model.RawMessage;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/**
 * An SES account as an {@link Upstream}: each delivery is one {@code SendEmail} call with the message's
 * exact bytes as raw content and the envelope's recipients as the destination, so Bcc and
 * envelope-only recipients get it and nobody else does (SES then ignores the To and Cc headers for
 * addressing). More than {@value #MAX_RECIPIENTS_PER_CALL} recipients go in several calls, each
 * recipient with the outcome of its own call.
 *
 * <p>At most {@code max_connections} calls are under way at once; a caller waits here for its turn,
 * like an SMTP upstream's callers wait for a connection. Thread-safe.
 */
public final class SesUpstream implements Upstream {

  /** SES takes at most this many destinations (To, Cc and Bcc together) in one call. */
  public static final int MAX_RECIPIENTS_PER_CALL = 50;

  /**
   * SES refuses raw content over 40 MB as it travels, base64-encoded; decimal megabytes, the
   * stricter reading of AWS's "40 MB".
   */
  public static final long MAX_ENCODED_SIZE = 40_000_000L;

  private final SesUpstreamConfig config;
  private final SesV2Client client;
  private final Semaphore calls;
  private final SesTags tags;
  private volatile boolean closed;

  /** @param client the SDK client ({@link SesClients#create}); closed with this upstream */
  public SesUpstream(SesUpstreamConfig config, SesV2Client client) {
    this.config = config;
    this.client = client;
    this.calls = new Semaphore(config.maxConnections(), true);
    this.tags = new SesTags(config.name(), config.tags());
  }

  @Override
  public String name() {
    return config.name();
  }

  /** Whether a message of {@code size} bytes is within what SES accepts. */
  public static boolean accepts(long size) {
    return encodedSize(size) <= MAX_ENCODED_SIZE;
  }

  @Override
  public boolean acceptsSize(long size) {
    return accepts(size);
  }

  /** The size of {@code size} bytes in base64. */
  public static long encodedSize(long size) {
    return 4 * ((size + 2) / 3);
  }

  @Override
  public TransactionResult deliver(Envelope envelope, MessageContent content) throws InterruptedException {
    if (closed) {
      return uniform(envelope, new DeliveryOutcome.Deferred(
          SesErrors.reply(421, "4.3.2", "upstream " + name() + " is closing"), FailureScope.UPSTREAM, false),
          Optional.empty());
    }
    if (!accepts(content.size())) {
      // The relay skips SES members for such a message; should one get here, another member may still take it.
      return uniform(envelope, new DeliveryOutcome.Rejected(SesErrors.reply(552, "5.3.4",
          "message too big for SES: " + encodedSize(content.size()) + " bytes encoded, the limit is "
              + MAX_ENCODED_SIZE), FailureScope.UPSTREAM), Optional.empty());
    }
    SdkBytes raw;
    try {
      raw = bytes(content);
    } catch (IOException e) {
      return uniform(envelope, new DeliveryOutcome.Deferred(
          SesErrors.reply(451, "4.3.0", "cannot read the message: " + e.getMessage()), FailureScope.MESSAGE, false),
          Optional.empty());
    }
    List<RecipientOutcome> outcomes = new ArrayList<>(envelope.recipients().size());
    Optional<UpstreamSignal> signal = Optional.empty();
    List<String> recipients = envelope.recipients();
    SesErrors.Failure earlier = null;
    for (int from = 0; from < recipients.size(); from += MAX_RECIPIENTS_PER_CALL) {
      List<String> batch = recipients.subList(from, Math.min(recipients.size(), from + MAX_RECIPIENTS_PER_CALL));
      if (earlier != null) {
        DeliveryOutcome rest = untried(earlier);
        batch.forEach(r -> outcomes.add(new RecipientOutcome(r, rest)));
        continue;
      }
      calls.acquire();
      try {
        SendEmailResponse response = client.sendEmail(request(envelope, batch, raw));
        String id = response.messageId() == null ? "" : response.messageId();
        SmtpReply ok = new SmtpReply(250, "2.0.0", "SES accepted it as " + id, "SendEmail");
        batch.forEach(r -> outcomes.add(new RecipientOutcome(r, new DeliveryOutcome.Delivered(ok, id))));
      } catch (SdkException e) {
        earlier = SesErrors.ofSend(e);
        signal = earlier.signal();
        DeliveryOutcome failed = earlier.outcome();
        batch.forEach(r -> outcomes.add(new RecipientOutcome(r, failed)));
      } finally {
        calls.release();
      }
    }
    return new TransactionResult(name(), outcomes, signal);
  }

  /**
   * What the recipients of later calls get once one call failed: the same, when the failure concerns the
   * message or the upstream (the next call would meet it too); after an ambiguous call, which may have
   * sent, the rest were never sent and can go to another member.
   */
  private static DeliveryOutcome untried(SesErrors.Failure earlier) {
    DeliveryOutcome outcome = earlier.outcome();
    if (outcome instanceof DeliveryOutcome.Deferred deferred && deferred.ambiguous()) {
      return new DeliveryOutcome.Deferred(SesErrors.reply(451, "4.4.5",
          "not sent: an earlier call for this message got no answer"), FailureScope.UPSTREAM, false);
    }
    return outcome;
  }

  private SendEmailRequest request(Envelope envelope, List<String> batch, SdkBytes raw) {
    SendEmailRequest.Builder request = SendEmailRequest.builder()
        .destination(Destination.builder().toAddresses(batch).build())
        .content(EmailContent.builder().raw(RawMessage.builder().data(raw).build()).build())
        .emailTags(tags.of(envelope));
    // The envelope sender is SES's sender (and where its feedback goes); without one (a bounce), SES
    // takes the From header.
    if (!envelope.hasNullSender()) {
      request.fromEmailAddress(envelope.sender());
    }
    config.configurationSet().ifPresent(request::configurationSetName);
    return request.build();
  }

  /** Reads the account ({@code GetAccount}); throws what the SDK throws, for the caller to classify. */
  public GetAccountResponse readAccount() {
    return client.getAccount(b -> { });
  }

  public SesUpstreamConfig config() {
    return config;
  }

  /** API calls under way now, for a gauge. */
  public int callsInFlight() {
    return config.maxConnections() - calls.availablePermits();
  }

  @Override
  public void close() {
    closed = true;
    client.close();
  }

  private TransactionResult uniform(Envelope envelope, DeliveryOutcome outcome, Optional<UpstreamSignal> signal) {
    return new TransactionResult(name(),
        envelope.recipients().stream().map(r -> new RecipientOutcome(r, outcome)).toList(), signal);
  }

  /** The message's bytes for the request body, without a copy when they are already a whole array. */
  private static SdkBytes bytes(MessageContent content) throws IOException {
    if (content instanceof ByteArrayContent array && array.offset() == 0 && array.length() == array.bytes().length) {
      // Nobody writes to a ByteArrayContent's array any more (its contract), so sharing it is safe.
      return SdkBytes.fromByteArrayUnsafe(array.bytes());
    }
    try (InputStream in = content.open()) {
      return SdkBytes.fromByteArrayUnsafe(in.readAllBytes());
    }
  }

  @Override
  public String toString() {
    return "SesUpstream[" + config.name() + " " + config.region()
        + config.endpoint().map(e -> " " + e).orElse("") + "]";
  }
}
