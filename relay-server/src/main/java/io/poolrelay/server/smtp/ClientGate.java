package io.poolrelay.server.smtp;

import io.poolrelay.config.model.CidrBlock;
import io.poolrelay.config.model.ListenerConfig;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Refuses clients outside the listener's {@code allowed_networks} at connect time, before they can
 * say anything: the relay is never open. The refusal is a 554 with 5.7.1 and a log line naming the
 * client.
 */
final class ClientGate implements SessionHandler {

  private static final Logger log = LoggerFactory.getLogger(ClientGate.class);

  private final ListenerConfig listener;

  ClientGate(ListenerConfig listener) {
    this.listener = listener;
  }

  @Override
  public SessionAcceptance accept(Session session) {
    InetAddress client = session.getRemoteAddress().getAddress();
    if (isAllowed(client)) {
      return SessionAcceptance.success();
    }
    log.warn("listener={} client={} refused: not in allowed_networks", listener.name(), client.getHostAddress());
    return SessionAcceptance.failure(554, Replies.relayDenied(client.getHostAddress()));
  }

  boolean isAllowed(InetAddress client) {
    for (CidrBlock network : listener.allowedNetworks()) {
      if (network.contains(client)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void onSessionEnd(Session session) {}
}
