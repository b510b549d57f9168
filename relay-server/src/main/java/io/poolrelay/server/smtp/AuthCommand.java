package io.poolrelay.server.smtp;

import io.poolrelay.server.metrics.ListenerMeters;
import io.poolrelay.server.metrics.RejectReason;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * AUTH (RFC 4954) with the mechanisms of the server's {@link AuthenticationHandlerFactory} (PLAIN and
 * LOGIN). It replaces the library's AuthCommand rather than wrapping it because that one's replies
 * lack enhanced status codes ("535 Authentication credentials invalid") and it cannot refuse AUTH
 * before STARTTLS, log the outcome or limit attempts; the SASL exchanges stay the library's.
 */
final class AuthCommand extends BaseCommand {

  private static final Logger log = LoggerFactory.getLogger(AuthCommand.class);

  /** Failed attempts allowed per session before it is closed; slows down password guessing. */
  static final int MAX_FAILURES = 3;
  private static final String CANCEL = "*";

  private final String listenerName;
  private final boolean requireTls;
  private final AuthFailures failures;
  private final ListenerMeters meters;

  AuthCommand(String listenerName, boolean requireTls, AuthFailures failures, ListenerMeters meters) {
    super("AUTH", "Authenticate.", "<mechanism> [initial-response]");
    this.listenerName = listenerName;
    this.requireTls = requireTls;
    this.failures = failures;
    this.meters = meters;
  }

  @Override
  public void execute(String commandString, Session session) throws IOException {
    Optional<AuthenticationHandlerFactory> factory = session.getServer().getAuthenticationHandlerFactory();
    String refusal = refusal(session, factory.isPresent());
    if (refusal != null) {
      session.sendResponse(refusal);
      return;
    }
    String[] args = getArgs(commandString);
    if (args.length < 2 || args.length > 3) {
      session.sendResponse(Replies.AUTH_SYNTAX);
      return;
    }
    if (!factory.get().getAuthenticationMechanisms().contains(args[1].toUpperCase(Locale.ROOT))) {
      session.sendResponse(Replies.AUTH_MECHANISM);
      return;
    }
    AuthenticationHandler handler = factory.get().create();
    try {
      Optional<String> challenge = handler.auth(commandString, session);
      while (challenge.isPresent()) {
        session.sendResponse(challenge.get());
        String answer = session.getReader().readLine();
        if (answer == null) {
          return; // the client hung up mid-exchange
        }
        if (answer.strip().equals(CANCEL)) {
          session.sendResponse(Replies.AUTH_CANCELLED);
          return;
        }
        challenge = handler.auth(answer, session);
      }
    } catch (RejectException e) {
      rejected(e, handler, session);
      return;
    }
    session.setAuthenticationHandler(handler);
    log.info("listener={} client={} authenticated user={}", listenerName, client(session),
        printable(handler.getIdentity()));
    session.sendResponse(Replies.AUTH_OK);
  }

  /** The reply refusing AUTH in this state, or null when it may go ahead. */
  private String refusal(Session session, boolean offered) {
    if (!offered) {
      return Replies.AUTH_UNSUPPORTED;
    }
    if (session.getHelo().isEmpty()) {
      return Replies.NEED_HELO;
    }
    if (session.isAuthenticated()) {
      return Replies.AUTH_ALREADY;
    }
    if (session.isMailTransactionInProgress()) {
      return Replies.AUTH_IN_TRANSACTION;
    }
    if (requireTls && !session.isTLSStarted()) {
      return Replies.AUTH_NEEDS_TLS;
    }
    return null;
  }

  /** The library's handlers say 535 for wrong credentials and 501 or 504 for a malformed exchange. */
  private void rejected(RejectException e, AuthenticationHandler handler, Session session) throws IOException {
    if (e.getCode() != 535) {
      session.sendResponse(e.getCode() == 504 ? Replies.AUTH_MECHANISM : Replies.AUTH_BAD_RESPONSE);
      return;
    }
    int count = failures.recordFailure(session);
    meters.rejected(RejectReason.AUTH_FAILED);
    log.warn("listener={} client={} auth failed user={}", listenerName, client(session),
        printable(handler.getIdentity()));
    if (count >= MAX_FAILURES) {
      log.warn("listener={} client={} closed after {} failed AUTH attempts", listenerName, client(session), count);
      session.sendResponse(Replies.AUTH_TOO_MANY_FAILURES);
      session.quit();
      return;
    }
    session.sendResponse(Replies.AUTH_FAILED);
  }

  private static String client(Session session) {
    return session.getRemoteAddress().getAddress().getHostAddress();
  }

  /** A user name as the client sent it may hold anything; the log line must stay one line. */
  static String printable(Object identity) {
    String text = String.valueOf(identity);
    StringBuilder clean = new StringBuilder();
    text.codePoints().limit(100).forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return clean.toString();
  }
}
