package io.poolrelay.server.smtp;

import io.poolrelay.config.model.ListenerConfig;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Refuses, at connect time and before they can say anything, clients that {@link RelayPermission}
 * would never let relay: the relay is never open. The refusal is a 554 with 5.7.1 and a log line
 * naming the client.
 */
final class ClientGate implements SessionHandler {

  private static final Logger log = LoggerFactory.getLogger(ClientGate.class);

  private final ListenerConfig listener;
  private final RelayPermission permission;

  ClientGate(ListenerConfig listener, RelayPermission permission) {
    this.listener = listener;
    this.permission = permission;
  }

  @Override
  public SessionAcceptance accept(Session session) {
    InetAddress client = session.getRemoteAddress().getAddress();
    if (permission.mayConnect(client)) {
      return SessionAcceptance.success();
    }
    log.warn("listener={} client={} refused: not in allowed_networks", listener.name(), client.getHostAddress());
    return SessionAcceptance.failure(554, Replies.relayDenied(client.getHostAddress()));
  }

  @Override
  public void onSessionEnd(Session session) {}
}
