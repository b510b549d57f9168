package io.poolrelay.server.smtp;

import java.io.IOException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * STARTTLS (RFC 3207), doing what the library's StartTLSCommand does with three differences: replies
 * carry enhanced status codes, a failed handshake closes the session (the library kept reading the
 * half-negotiated socket), and STARTTLS after AUTH is refused, because the library's session cannot
 * forget an authentication and RFC 3207 requires everything learnt before TLS to be discarded.
 *
 * <p>Setting the new socket replaces the session's input buffer, so commands a client (or an
 * attacker in the middle) pipelined after STARTTLS in clear text are discarded, not executed.
 */
final class StartTlsCommand extends BaseCommand {

  private static final Logger log = LoggerFactory.getLogger(StartTlsCommand.class);

  private final String listenerName;
  private final boolean offered;
  private final ListenerSessions sessions;

  StartTlsCommand(String listenerName, boolean offered, ListenerSessions sessions) {
    super("STARTTLS", "Start TLS.");
    this.sessions = sessions;
    this.listenerName = listenerName;
    this.offered = offered;
  }

  @Override
  public void execute(String commandString, Session session) throws IOException {
    if (!offered) {
      session.sendResponse(Replies.STARTTLS_UNSUPPORTED);
      return;
    }
    if (!commandString.strip().equalsIgnoreCase("STARTTLS")) {
      session.sendResponse(Replies.STARTTLS_SYNTAX);
      return;
    }
    if (session.isTLSStarted()) {
      session.sendResponse(Replies.TLS_ALREADY_ACTIVE);
      return;
    }
    if (session.isAuthenticated()) {
      session.sendResponse(Replies.STARTTLS_AFTER_AUTH);
      return;
    }
    session.sendResponse(Replies.STARTTLS_READY);
    String client = session.getRemoteAddress().getAddress().getHostAddress();
    try {
      SSLSocket socket = session.getServer().createSSLSocket(session.getSocket());
      socket.startHandshake();
      session.setSocket(socket);
      // RFC 3207 section 4.2: back to the state after the greeting; the client must EHLO again.
      session.resetSmtpProtocol();
      sessions.transactionEnded(session);
      session.setTlsStarted(true);
      log.debug("listener={} client={} TLS started: {} {}", listenerName, client,
          socket.getSession().getProtocol(), socket.getSession().getCipherSuite());
    } catch (IOException e) {
      log.warn("listener={} client={} TLS handshake failed: {}", listenerName, client, e.toString());
      session.quit();
    }
  }
}
