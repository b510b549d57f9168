package io.poolrelay.server.smtp;

import io.poolrelay.config.model.ListenerConfig;
import io.poolrelay.server.metrics.ListenerMeters;
import io.poolrelay.server.metrics.RejectReason;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Refuses, at connect time and before they can say anything, clients that {@link RelayPermission}
 * would never let relay: the relay is never open. The refusal is a 554 with 5.7.1 and a log line
 * naming the client. While the listener drains before a stop, every new session gets the 421 of
 * {@link ListenerSessions} instead of a greeting, and is closed.
 */
final class ClientGate implements SessionHandler {

  private static final Logger log = LoggerFactory.getLogger(ClientGate.class);

  private final ListenerConfig listener;
  private final RelayPermission permission;
  private final ListenerSessions sessions;
  private final ListenerMeters meters;

  ClientGate(ListenerConfig listener, RelayPermission permission, ListenerSessions sessions, ListenerMeters meters) {
    this.listener = listener;
    this.permission = permission;
    this.sessions = sessions;
    this.meters = meters;
  }

  @Override
  public SessionAcceptance accept(Session session) {
    InetAddress client = session.getRemoteAddress().getAddress();
    if (permission.mayConnect(client)) {
      if (sessions.opened(session)) {
        meters.connected();
        return SessionAcceptance.success();
      }
      log.info("listener={} client={} refused: shutting down", listener.name(), client.getHostAddress());
      // The library sends "code message": the code is split off the fixed reply line.
      meters.rejected(RejectReason.SHUTTING_DOWN);
      String reply = sessions.shuttingDownReply();
      return SessionAcceptance.failure(421, reply.substring(4));
    }
    log.warn("listener={} client={} refused: not in allowed_networks", listener.name(), client.getHostAddress());
    meters.rejected(RejectReason.RELAY_DENIED);
    return SessionAcceptance.failure(554, Replies.relayDenied(client.getHostAddress()));
  }

  @Override
  public void onSessionEnd(Session session) {
    sessions.closed(session);
  }
}
