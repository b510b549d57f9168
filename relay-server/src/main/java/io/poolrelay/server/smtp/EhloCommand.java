package io.poolrelay.server.smtp;

import io.poolrelay.config.model.ListenerConfig;
import java.io.IOException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * EHLO that advertises what the relay really does: PIPELINING, SIZE, 8BITMIME, STARTTLS until TLS is
 * started, AUTH once it may be used (after STARTTLS unless {@code require_tls: false}), enhanced codes.
 */
final class EhloCommand extends BaseCommand {

  private final String hostname;
  private final long maxMessageSize;
  private final boolean startTls;
  private final boolean auth;
  private final boolean authNeedsTls;
  private final ListenerSessions sessions;

  EhloCommand(ListenerConfig listener, ListenerSessions sessions) {
    super("EHLO", "Introduce yourself.", "<hostname>");
    this.sessions = sessions;
    this.hostname = listener.hostname();
    this.maxMessageSize = listener.maxMessageSize();
    this.startTls = listener.tls().isPresent();
    this.auth = listener.auth().isPresent();
    this.authNeedsTls = listener.auth().map(a -> a.requireTls()).orElse(true);
  }

  @Override
  public void execute(String commandString, Session session) throws IOException {
    String[] args = getArgs(commandString);
    if (args.length < 2) {
      session.sendResponse(Replies.EHLO_SYNTAX);
      return;
    }
    session.resetMailTransaction();
    sessions.transactionEnded(session);
    session.setHelo(args[1]);
    StringBuilder reply = new StringBuilder()
        .append("250-").append(hostname).append("\r\n")
        .append("250-PIPELINING\r\n")
        .append("250-SIZE ").append(maxMessageSize).append("\r\n")
        .append("250-8BITMIME\r\n");
    if (startTls && !session.isTLSStarted()) {
      reply.append("250-STARTTLS\r\n");
    }
    if (auth && (session.isTLSStarted() || !authNeedsTls)) {
      reply.append("250-AUTH PLAIN LOGIN\r\n");
    }
    session.sendResponse(reply.append("250 ENHANCEDSTATUSCODES").toString());
  }
}
