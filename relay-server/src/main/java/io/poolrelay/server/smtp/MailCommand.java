package io.poolrelay.server.smtp;

import io.poolrelay.server.metrics.ListenerMeters;
import io.poolrelay.server.metrics.RejectReason;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * MAIL FROM with strict parameters: SIZE must be digits and within the limit (552 when larger, 501
 * when malformed: the library's own MAIL dropped the connection on a SIZE too large for an int),
 * BODY must be 7BIT or 8BITMIME, AUTH= is accepted (RFC 4954) and anything else is refused with 555.
 * A client that {@link RelayPermission} does not let relay (outside allowed_networks, not
 * authenticated) gets 530 5.7.0. Once the listener drains before a stop, MAIL gets 421 and the
 * session ends: only transactions begun earlier may finish.
 */
final class MailCommand extends BaseCommand {

  private static final Logger log = LoggerFactory.getLogger(MailCommand.class);

  private final String listenerName;
  private final long maxMessageSize;
  private final RelayPermission permission;
  private final ListenerSessions sessions;
  private final ListenerMeters meters;

  MailCommand(String listenerName, long maxMessageSize, RelayPermission permission, ListenerSessions sessions,
      ListenerMeters meters) {
    super("MAIL", "Specifies the sender.", "FROM:<sender> [SIZE=n] [BODY=7BIT|8BITMIME]");
    this.listenerName = listenerName;
    this.maxMessageSize = maxMessageSize;
    this.permission = permission;
    this.sessions = sessions;
    this.meters = meters;
  }

  @Override
  public void execute(String commandString, Session session) throws IOException {
    if (session.getHelo().isEmpty()) {
      session.sendResponse(Replies.NEED_HELO);
      return;
    }
    InetAddress client = session.getRemoteAddress().getAddress();
    if (!permission.mayRelay(client, session.isAuthenticated())) {
      log.warn("listener={} client={} refused MAIL: not in allowed_networks and not authenticated", listenerName,
          client.getHostAddress());
      meters.rejected(RejectReason.AUTH_REQUIRED);
      session.sendResponse(Replies.AUTH_REQUIRED);
      return;
    }
    if (session.isMailTransactionInProgress()) {
      session.sendResponse(Replies.NESTED_MAIL);
      return;
    }
    String args = getArgPredicate(commandString);
    if (!args.regionMatches(true, 0, "FROM:", 0, 5)) {
      meters.rejected(RejectReason.SYNTAX);
      session.sendResponse(Replies.MAIL_SYNTAX);
      return;
    }
    Addresses.PathAndParameters path = Addresses.parse(args.substring(5));
    if (path == null) {
      meters.rejected(RejectReason.SYNTAX);
      session.sendResponse(Replies.BAD_SENDER);
      return;
    }
    long declaredSize = 0;
    for (String parameter : path.parameters().isEmpty() ? new String[0] : path.parameters().split(" +")) {
      int equals = parameter.indexOf('=');
      String key = (equals < 0 ? parameter : parameter.substring(0, equals)).toUpperCase(Locale.ROOT);
      String value = equals < 0 ? "" : parameter.substring(equals + 1);
      switch (key) {
        case "SIZE" -> {
          declaredSize = parseSize(value);
          if (declaredSize < 0) {
            meters.rejected(RejectReason.SYNTAX);
            session.sendResponse(Replies.BAD_SIZE);
            return;
          }
          if (declaredSize > maxMessageSize) {
            meters.rejected(RejectReason.MESSAGE_TOO_BIG);
            session.sendResponse(Replies.SIZE_EXCEEDED);
            return;
          }
        }
        case "BODY" -> {
          String body = value.toUpperCase(Locale.ROOT);
          if (!body.equals("7BIT") && !body.equals("8BITMIME")) {
            meters.rejected(RejectReason.SYNTAX);
            session.sendResponse(Replies.BAD_BODY);
            return;
          }
        }
        case "AUTH" -> {
          // RFC 4954 section 5: informational; the relay trusts its own view of the client.
        }
        default -> {
          meters.rejected(RejectReason.SYNTAX);
          session.sendResponse(Replies.UNKNOWN_PARAMETER);
          return;
        }
      }
    }
    if (!sessions.transactionBegins(session)) {
      log.info("listener={} client={} MAIL refused: shutting down", listenerName, client.getHostAddress());
      meters.rejected(RejectReason.SHUTTING_DOWN);
      session.sendResponse(sessions.shuttingDownReply());
      session.quit();
      return;
    }
    session.setDeclaredMessageSize((int) Math.min(declaredSize, Integer.MAX_VALUE));
    session.startMailTransaction();
    try {
      session.getMessageHandler().from(path.address());
    } catch (RejectException e) {
      session.resetMailTransaction();
      sessions.transactionEnded(session);
      session.sendResponse(e.getErrorResponse());
      return;
    }
    session.sendResponse(Replies.MAIL_OK);
  }

  /** The size in bytes, or -1 when the value is not 1 to 18 digits. */
  private static long parseSize(String value) {
    if (value.isEmpty() || value.length() > 18) {
      return -1;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(value);
  }
}
