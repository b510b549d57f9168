package io.poolrelay.server.smtp;

import io.poolrelay.config.model.ListenerConfig;
import io.poolrelay.server.message.DataReader;
import io.poolrelay.server.message.HintHeaders;
import io.poolrelay.server.message.RewrittenMessage;
import io.poolrelay.server.message.TraceHeader;
import io.poolrelay.server.metrics.ListenerMeters;
import io.poolrelay.server.metrics.RejectReason;
import io.poolrelay.server.spool.FileSpool;
import io.poolrelay.server.spool.SpooledEnvelope;
import io.poolrelay.server.spool.StoredMessage;
import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.server.Session;

/** One mail transaction: collects the envelope, then checks, rewrites and spools the message. */
final class RelayMessageHandler implements MessageHandler {

  private static final Logger log = LoggerFactory.getLogger(RelayMessageHandler.class);

  private final ListenerConfig listener;
  private final String clientAddress;
  private final String authUser;
  private final FileSpool spool;
  private final DataReader reader;
  private final HintHeaders hintHeaders;
  private final TraceHeader traceHeader;
  private final AcceptedMessages accepted;
  private final InstantSource clock;
  private final ListenerMeters meters;
  private String sender = "";
  private final List<String> recipients = new ArrayList<>();

  /** {@code authUser}: the user the client authenticated as, or empty. */
  RelayMessageHandler(ListenerConfig listener, String clientAddress, String authUser, FileSpool spool,
      DataReader reader, HintHeaders hintHeaders, TraceHeader traceHeader, AcceptedMessages accepted,
      InstantSource clock, ListenerMeters meters) {
    this.listener = listener;
    this.clientAddress = clientAddress;
    this.authUser = authUser;
    this.spool = spool;
    this.reader = reader;
    this.hintHeaders = hintHeaders;
    this.traceHeader = traceHeader;
    this.accepted = accepted;
    this.clock = clock;
    this.meters = meters;
  }

  @Override
  public void from(String from) {
    this.sender = from;
  }

  @Override
  public void recipient(String recipient) {
    recipients.add(recipient);
  }

  @Override
  public String data(InputStream data) {
    throw new IllegalStateException("DATA is handled by DataCommand");
  }

  /** Reads the DATA section and returns the complete reply line for it. */
  String receive(InputStream data, Session session) throws IOException {
    DataReader.Result result = reader.read(data);
    switch (result.problem()) {
      case TOO_BIG -> {
        log.warn("listener={} client={} from=<{}> refused: message larger than max_message_size {}",
            listener.name(), clientAddress, sender, listener.maxMessageSize());
        meters.rejected(RejectReason.MESSAGE_TOO_BIG);
        return Replies.SIZE_EXCEEDED;
      }
      case BARE_LINE_ENDING -> {
        log.warn("listener={} client={} from=<{}> refused: bare CR or LF in message",
            listener.name(), clientAddress, sender);
        meters.rejected(RejectReason.BARE_LINE_ENDING);
        return Replies.BARE_LINE_ENDING;
      }
      case NONE -> {}
    }
    String queueId = spool.newQueueId();
    String protocol = session.isTLSStarted() ? "ESMTPS" : "ESMTP";
    byte[] trace = traceHeader.compose(session.getHelo().orElse(""), clientAddress, protocol, queueId,
        recipients.size() == 1 ? recipients.get(0) : null);
    RewrittenMessage message = hintHeaders.rewrite(result.buffer(), result.length(), trace);
    SpooledEnvelope envelope = new SpooledEnvelope(queueId, clock.instant(), listener.name(), clientAddress,
        authUser, sender, recipients, message.hints(), SpooledEnvelope.ORIGIN_SMTP);
    try {
      spool.store(envelope, message.bytes(), 0, message.length());
    } catch (IOException e) {
      log.error("queue_id={} listener={} client={} spool failed, answered 451: {}", queueId, listener.name(),
          clientAddress, e.toString());
      meters.rejected(RejectReason.SPOOL_FAILED);
      return Replies.QUEUE_FAILURE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("queue_id={} interrupted while spooling, answered 451", queueId);
      meters.rejected(RejectReason.SPOOL_FAILED);
      return Replies.QUEUE_FAILURE;
    }
    log.info("queue_id={} accepted listener={} client={}{} from=<{}> rcpts={} size={}", queueId, listener.name(),
        clientAddress, authUser.isEmpty() ? "" : " user=" + AuthCommand.printable(authUser), sender,
        recipients.size(), message.length());
    meters.accepted(result.length());
    accepted.accepted(StoredMessage.inMemory(envelope, message.bytes(), 0, message.length()));
    return Replies.queued(queueId);
  }

  @Override
  public void done() {}
}
