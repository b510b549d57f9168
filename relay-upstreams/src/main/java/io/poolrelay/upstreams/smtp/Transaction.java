package io.poolrelay.upstreams.smtp;

import io.poolrelay.upstreams.ByteArrayContent;
import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.DeliveryOutcome.Deferred;
import io.poolrelay.upstreams.DeliveryOutcome.Rejected;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.MessageContent;
import io.poolrelay.upstreams.RecipientOutcome;
import io.poolrelay.upstreams.SmtpReply;
import io.poolrelay.upstreams.TransactionResult;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One mail transaction (MAIL, RCPT for each recipient, DATA, content, final dot) on an open
 * connection, turned into an outcome for every recipient of the envelope.
 *
 * <p>With PIPELINING, MAIL, every RCPT and DATA leave in one write and the replies are read in order
 * (RFC 2920 section 3.1). The content is sent only when at least one recipient was accepted and DATA
 * got 354. The line that matters most is {@link #dotWritten}: a session lost before it means the
 * message surely didn't arrive, after it the upstream may have it.
 */
final class Transaction {

  /**
   * Commands per pipelined write. Without a bound, a long recipient list could fill both sides'
   * socket buffers while neither reads (the deadlock RFC 2920 section 3.1 warns about).
   */
  static final int PIPELINE_WINDOW = 100;

  /**
   * @param reusable        the connection is in a clean state for the next MAIL
   * @param staleConnection a reused connection failed before any reply of this transaction, as one the
   *                        server closed while idle does: worth one retry on a fresh connection
   */
  record Attempt(TransactionResult result, boolean reusable, boolean staleConnection) {}

  private final String upstream;
  private final SmtpConnection connection;
  private final Envelope envelope;
  private final MessageContent content;
  private final OutcomeRules rules;
  private final boolean reused;
  private final List<String> recipients;
  private final DeliveryOutcome[] outcomes;
  private final boolean[] accepted;
  private Stage stage = Stage.MAIL;
  private int repliesRead;
  private boolean dotWritten;

  Transaction(
      String upstream,
      SmtpConnection connection,
      Envelope envelope,
      MessageContent content,
      OutcomeRules rules,
      boolean reused) {
    this.upstream = upstream;
    this.connection = connection;
    this.envelope = envelope;
    this.content = content;
    this.rules = rules;
    this.reused = reused;
    this.recipients = envelope.recipients();
    this.outcomes = new DeliveryOutcome[recipients.size()];
    this.accepted = new boolean[recipients.size()];
  }

  Attempt run() {
    if (!isSafeAddress(envelope.sender())) {
      settleUnsettled(new Rejected(Replies.badAddress(Stage.MAIL, "the sender"), FailureScope.MESSAGE));
      return new Attempt(result(), true, false);
    }
    List<Integer> toSend = new ArrayList<>();
    for (int i = 0; i < recipients.size(); i++) {
      if (isSafeAddress(recipients.get(i))) {
        toSend.add(i);
      } else {
        outcomes[i] = new Rejected(Replies.badAddress(Stage.RCPT, "the recipient"), FailureScope.RECIPIENT);
      }
    }
    if (toSend.isEmpty()) {
      return new Attempt(result(), true, false);
    }
    String mailCommand;
    try {
      mailCommand = mailCommand();
    } catch (IOException e) {
      settleUnsettled(unreadableContent(e));
      return new Attempt(result(), true, false);
    }
    connection.countTransaction();
    ContentSink sink = null;
    try {
      boolean sendContent = connection.extensions().pipelining()
          ? pipelinedEnvelope(mailCommand, toSend)
          : stepwiseEnvelope(mailCommand, toSend);
      if (!sendContent) {
        return new Attempt(result(), reset(), false);
      }
      stage = Stage.DATA_BODY;
      sink = new ContentSink(connection.dataStream());
      DotStuffingOutputStream data = new DotStuffingOutputStream(sink);
      content.writeTo(data);
      data.finish();
      data.flush();
      dotWritten = true;
      stage = Stage.END_OF_DATA;
      ParsedReply end = connection.readAfterData();
      repliesRead++;
      if (end.code() == 421) {
        throw new ServiceClosing(end.toSmtpReply(Stage.END_OF_DATA));
      }
      settleUnsettled(rules.afterDot(end.toSmtpReply(Stage.END_OF_DATA)));
      return new Attempt(result(), true, false);
    } catch (ServiceClosing closing) {
      settleUnsettled(OutcomeRules.sessionFailed(closing.reply));
      return new Attempt(result(), false, reused && repliesRead == 1 && closing.reply.command().equals("MAIL"));
    } catch (IOException e) {
      if (sink != null && !sink.peerFailed && !dotWritten) {
        // The content could not be read: the peer is fine, but without a final dot it drops the partial message.
        settleUnsettled(unreadableContent(e));
        return new Attempt(result(), false, false);
      }
      if (dotWritten) {
        settleUnsettled(OutcomeRules.ambiguous(Replies.lostAfterDot(connection.peer(), e, connection.dataTimeout())));
      } else {
        settleUnsettled(OutcomeRules.sessionFailed(Replies.lost(stage, connection.peer(), e, timeoutAt(stage))));
      }
      // A connection the server dropped while idle fails at once; a timeout means a slow server, and
      // trying again would only double the wait.
      boolean stale = reused && repliesRead == 0 && !(e instanceof SocketTimeoutException);
      return new Attempt(result(), false, stale);
    }
  }

  private boolean pipelinedEnvelope(String mailCommand, List<Integer> toSend) throws IOException, ServiceClosing {
    List<String> commands = new ArrayList<>(toSend.size() + 2);
    commands.add(mailCommand);
    for (int i : toSend) {
      commands.add("RCPT TO:<" + recipients.get(i) + ">");
    }
    commands.add("DATA");
    ParsedReply mail = null;
    ParsedReply data = null;
    for (int from = 0; from < commands.size() && (mail == null || mail.isPositive()); from += PIPELINE_WINDOW) {
      int to = Math.min(commands.size(), from + PIPELINE_WINDOW);
      stage = from == 0 ? Stage.MAIL : Stage.RCPT;
      for (int k = from; k < to; k++) {
        connection.send(commands.get(k));
      }
      connection.flush();
      for (int k = from; k < to; k++) {
        if (k == 0) {
          mail = read(Stage.MAIL);
        } else if (k == commands.size() - 1) {
          data = read(Stage.DATA);
        } else {
          ParsedReply rcpt = read(Stage.RCPT);
          if (mail.isPositive()) {
            recipientReply(toSend.get(k - 1), rcpt);
          }
        }
      }
    }
    boolean dataAccepted = data != null && data.code() == 354;
    if (!mail.isPositive()) {
      settleUnsettled(rules.mailRefused(mail.toSmtpReply(Stage.MAIL)));
    } else if (anyAccepted() && !dataAccepted) {
      settleUnsettled(rules.dataRefused(data.toSmtpReply(Stage.DATA)));
    }
    if (dataAccepted && (!mail.isPositive() || !anyAccepted())) {
      // The server wants content we must not send; only dropping the connection ends that safely.
      throw new MalformedReplyException("354 to DATA although no recipient was accepted");
    }
    return dataAccepted;
  }

  private boolean stepwiseEnvelope(String mailCommand, List<Integer> toSend) throws IOException, ServiceClosing {
    ParsedReply mail = exchange(Stage.MAIL, mailCommand);
    if (!mail.isPositive()) {
      settleUnsettled(rules.mailRefused(mail.toSmtpReply(Stage.MAIL)));
      return false;
    }
    for (int i : toSend) {
      recipientReply(i, exchange(Stage.RCPT, "RCPT TO:<" + recipients.get(i) + ">"));
    }
    if (!anyAccepted()) {
      return false;
    }
    ParsedReply data = exchange(Stage.DATA, "DATA");
    if (data.code() != 354) {
      settleUnsettled(rules.dataRefused(data.toSmtpReply(Stage.DATA)));
      return false;
    }
    return true;
  }

  private void recipientReply(int index, ParsedReply reply) {
    if (reply.isPositive()) {
      accepted[index] = true;
    } else {
      outcomes[index] = rules.recipientRefused(reply.toSmtpReply(Stage.RCPT));
    }
  }

  /** Leaves the connection ready for the next MAIL after a transaction that stopped early. */
  private boolean reset() {
    try {
      ParsedReply reply = exchange(Stage.RSET, "RSET");
      return reply.isPositive();
    } catch (IOException | ServiceClosing e) {
      return false;
    }
  }

  private ParsedReply exchange(Stage at, String command) throws IOException, ServiceClosing {
    stage = at;
    connection.send(command);
    connection.flush();
    return read(at);
  }

  private ParsedReply read(Stage at) throws IOException, ServiceClosing {
    stage = at;
    ParsedReply reply = connection.read();
    repliesRead++;
    if (reply.code() == 421) {
      throw new ServiceClosing(reply.toSmtpReply(at));
    }
    boolean intermediate = reply.code() >= 300 && reply.code() < 400;
    if (intermediate && at != Stage.DATA) {
      throw new MalformedReplyException("unexpected " + reply);
    }
    if (at == Stage.DATA && intermediate && reply.code() != 354) {
      throw new MalformedReplyException("unexpected " + reply);
    }
    return reply;
  }

  private String mailCommand() throws IOException {
    StringBuilder command = new StringBuilder("MAIL FROM:<").append(envelope.sender()).append('>');
    Extensions extensions = connection.extensions();
    if (extensions.size()) {
      command.append(" SIZE=").append(content.size());
    }
    if (extensions.eightBitMime() && hasEightBitByte(content)) {
      command.append(" BODY=8BITMIME");
    }
    return command.toString();
  }

  private static boolean hasEightBitByte(MessageContent content) throws IOException {
    if (content instanceof ByteArrayContent array) {
      byte[] bytes = array.bytes();
      for (int i = array.offset(); i < array.offset() + array.length(); i++) {
        if (bytes[i] < 0) {
          return true;
        }
      }
      return false;
    }
    try (InputStream in = content.open()) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) != -1; ) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] < 0) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** A CR or LF in an address would let it smuggle extra commands into the session. */
  private static boolean isSafeAddress(String address) {
    return address.indexOf('\r') < 0 && address.indexOf('\n') < 0 && address.indexOf('\0') < 0;
  }

  private boolean anyAccepted() {
    for (boolean a : accepted) {
      if (a) {
        return true;
      }
    }
    return false;
  }

  private void settleUnsettled(DeliveryOutcome outcome) {
    for (int i = 0; i < outcomes.length; i++) {
      if (outcomes[i] == null) {
        outcomes[i] = outcome;
      }
    }
  }

  /** Our own storage failed, not the peer: the message waits for the next attempt wherever it goes. */
  private DeliveryOutcome unreadableContent(IOException e) {
    return new Deferred(
        new SmtpReply(451, "4.3.0", "cannot read message " + envelope.queueId() + ": " + Replies.reason(e),
            Stage.DATA_BODY.command()),
        FailureScope.MESSAGE, false);
  }

  private Duration timeoutAt(Stage at) {
    return at == Stage.END_OF_DATA ? connection.dataTimeout() : connection.commandTimeout();
  }

  private TransactionResult result() {
    List<RecipientOutcome> list = new ArrayList<>(outcomes.length);
    for (int i = 0; i < outcomes.length; i++) {
      list.add(new RecipientOutcome(recipients.get(i), outcomes[i]));
    }
    return new TransactionResult(upstream, list);
  }

  /** A 421 reply: the server is closing the session, whatever we were doing. */
  private static final class ServiceClosing extends Exception {
    private final SmtpReply reply;

    ServiceClosing(SmtpReply reply) {
      super(reply.toString(), null, false, false);
      this.reply = reply;
    }
  }

  /** Tells a failing peer apart from failing content: only the peer's failures pass through here. */
  private static final class ContentSink extends FilterOutputStream {
    private boolean peerFailed;

    ContentSink(OutputStream peer) {
      super(peer);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        peerFailed = true;
        throw e;
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      try {
        out.write(bytes, offset, length);
      } catch (IOException e) {
        peerFailed = true;
        throw e;
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        peerFailed = true;
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
