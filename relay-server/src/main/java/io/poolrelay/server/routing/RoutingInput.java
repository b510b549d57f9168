package io.poolrelay.server.routing;

import java.util.List;
import java.util.Map;

/**
 * What routing looks at.
 *
 * @param hints      hint header values keyed by lower-case header name
 * @param sender     reverse path, empty for {@code <>}
 * @param recipients forward paths
 * @param listener   the listener that accepted the message
 * @param authUser   the authenticated user, or empty
 */
public record RoutingInput(
    Map<String, String> hints, String sender, List<String> recipients, String listener, String authUser) {

  public RoutingInput {
    hints = Map.copyOf(hints);
    recipients = List.copyOf(recipients);
  }
}
