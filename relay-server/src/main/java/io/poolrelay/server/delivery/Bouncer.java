package io.poolrelay.server.delivery;

import io.poolrelay.server.bounce.BounceReason;
import io.poolrelay.server.bounce.BounceRequest;
import io.poolrelay.server.bounce.DsnComposer;
import io.poolrelay.server.bounce.FailedRecipient;
import io.poolrelay.server.metrics.RelayMetrics;
import io.poolrelay.server.smtp.AcceptedMessages;
import io.poolrelay.server.spool.FileSpool;
import io.poolrelay.server.spool.SpooledEnvelope;
import io.poolrelay.server.spool.StoredMessage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the sender about recipients given up for good: composes a DSN, spools it like any message
 * (null sender, so a bounce is never bounced) and hands it to delivery, which sends it through the
 * default pool.
 */
public final class Bouncer {

  private static final Logger log = LoggerFactory.getLogger(Bouncer.class);
  /** More header than this is not worth quoting back; the DSN stays small. */
  private static final int MAX_HEADER_BYTES = 256 * 1024;

  private final DsnComposer composer;
  private final FileSpool spool;
  private final InstantSource clock;
  private final AcceptedMessages delivery;
  private final RelayMetrics metrics;

  public Bouncer(DsnComposer composer, FileSpool spool, InstantSource clock, AcceptedMessages delivery,
      RelayMetrics metrics) {
    this.composer = composer;
    this.spool = spool;
    this.clock = clock;
    this.delivery = delivery;
    this.metrics = metrics;
  }

  public void bounce(StoredMessage original, List<RecipientFate> failed, BounceReason reason)
      throws IOException, InterruptedException {
    SpooledEnvelope envelope = original.envelope();
    metrics.recipientsBounced(reason.name().toLowerCase(Locale.ROOT), failed.size());
    for (RecipientFate fate : failed) {
      log.warn("queue_id={} bounced rcpt=<{}> reason={} upstream={} reply=\"{}\"", envelope.queueId(),
          fate.recipient(), reason.name().toLowerCase(Locale.ROOT), fate.upstream().isEmpty() ? "-" : fate.upstream(),
          fate.reply());
    }
    if (envelope.sender().isEmpty()) {
      log.info("queue_id={} no DSN: the sender is <>", envelope.queueId());
      return;
    }
    List<FailedRecipient> recipients = failed.stream()
        .map(f -> new FailedRecipient(f.recipient(), f.reply(), f.upstream()))
        .toList();
    String dsnId = spool.newQueueId();
    byte[] dsn = composer.compose(new BounceRequest(envelope.queueId(), envelope.sender(), envelope.arrival(),
        recipients, headerSection(original), reason));
    SpooledEnvelope dsnEnvelope = new SpooledEnvelope(dsnId, clock.instant(), "internal", "127.0.0.1", "", "",
        List.of(envelope.sender()), Map.of(), SpooledEnvelope.ORIGIN_DSN);
    spool.store(dsnEnvelope, dsn, 0, dsn.length);
    log.info("queue_id={} DSN queued as {} to <{}> for {} recipient(s)", envelope.queueId(), dsnId,
        envelope.sender(), failed.size());
    delivery.accepted(StoredMessage.inMemory(dsnEnvelope, dsn, 0, dsn.length));
  }

  /** The original's header section, without the body (which a DSN must never carry). */
  private static byte[] headerSection(StoredMessage message) throws IOException {
    ByteArrayOutputStream headers = new ByteArrayOutputStream();
    try (InputStream in = new BufferedInputStream(message.content().open())) {
      int last = 0;
      int c;
      while ((c = in.read()) != -1 && headers.size() < MAX_HEADER_BYTES) {
        headers.write(c);
        last = (last << 8) | c;
        if (last == 0x0D0A0D0A) {
          return Arrays.copyOf(headers.toByteArray(), headers.size() - 2);
        }
      }
    }
    return headers.toByteArray();
  }
}
