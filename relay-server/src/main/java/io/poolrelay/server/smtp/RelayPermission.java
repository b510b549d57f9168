package io.poolrelay.server.smtp;

import io.poolrelay.config.model.CidrBlock;
import io.poolrelay.config.model.ListenerConfig;
import java.net.InetAddress;

/**
 * The one place that decides who may use a listener, so that the promise "never an open relay" has a
 * single home: a client in {@code allowed_networks} may relay; any other client may relay only after
 * a successful AUTH, and may connect only when the listener offers AUTH at all.
 */
final class RelayPermission {

  private final ListenerConfig listener;

  RelayPermission(ListenerConfig listener) {
    this.listener = listener;
  }

  /** Whether the client may open a session; without AUTH on offer there is nothing an outsider could do. */
  boolean mayConnect(InetAddress client) {
    return inAllowedNetworks(client) || listener.auth().isPresent();
  }

  /** Whether the client may start a mail transaction. */
  boolean mayRelay(InetAddress client, boolean authenticated) {
    return inAllowedNetworks(client) || (authenticated && listener.auth().isPresent());
  }

  boolean inAllowedNetworks(InetAddress client) {
    for (CidrBlock network : listener.allowedNetworks()) {
      if (network.contains(client)) {
        return true;
      }
    }
    return false;
  }
}
