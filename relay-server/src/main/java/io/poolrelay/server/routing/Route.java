package io.poolrelay.server.routing;

import io.poolrelay.config.model.RouteConfig;
import io.poolrelay.config.model.RouteMatch;
import java.util.Locale;
import java.util.Optional;

/**
 * One compiled route. Every condition present must hold. A recipient-domain condition holds only when
 * every recipient is in that domain, because one message goes to one pool: a message with recipients
 * in several domains is not claimed by a route for one of them.
 */
final class Route {

  private final int index;
  private final String pool;
  private final Optional<String> header;
  private final Optional<Glob> value;
  private final Optional<String> senderDomain;
  private final Optional<String> recipientDomain;
  private final Optional<String> listener;
  private final Optional<String> authUser;

  Route(int index, RouteConfig config) {
    RouteMatch match = config.match();
    this.index = index;
    this.pool = config.pool();
    this.header = match.header().map(h -> h.toLowerCase(Locale.ROOT));
    this.value = match.value().map(Glob::new);
    this.senderDomain = match.senderDomain().map(d -> d.toLowerCase(Locale.ROOT));
    this.recipientDomain = match.recipientDomain().map(d -> d.toLowerCase(Locale.ROOT));
    this.listener = match.listener();
    this.authUser = match.authenticatedUser();
  }

  int index() {
    return index;
  }

  String pool() {
    return pool;
  }

  /** Empty when the route matches; otherwise the first condition that failed, in words. */
  Optional<String> mismatch(RoutingInput input) {
    if (header.isPresent()) {
      String actual = input.hints().get(header.get());
      if (actual == null) {
        return Optional.of("no " + header.get() + " header");
      }
      if (value.isPresent() && !value.get().matches(actual)) {
        return Optional.of(header.get() + " is '" + actual + "', wanted '" + value.get() + "'");
      }
    }
    if (senderDomain.isPresent()) {
      String domain = domainOf(input.sender());
      if (!domain.equals(senderDomain.get())) {
        return Optional.of("sender domain is '" + domain + "', wanted '" + senderDomain.get() + "'");
      }
    }
    if (recipientDomain.isPresent()) {
      for (String recipient : input.recipients()) {
        String domain = domainOf(recipient);
        if (!domain.equals(recipientDomain.get())) {
          return Optional.of("recipient " + recipient + " is not in '" + recipientDomain.get() + "'");
        }
      }
    }
    if (listener.isPresent() && !listener.get().equals(input.listener())) {
      return Optional.of("listener is '" + input.listener() + "', wanted '" + listener.get() + "'");
    }
    if (authUser.isPresent() && !authUser.get().equals(input.authUser())) {
      return Optional.of(input.authUser().isEmpty()
          ? "not authenticated, wanted user '" + authUser.get() + "'"
          : "user is '" + input.authUser() + "', wanted '" + authUser.get() + "'");
    }
    return Optional.empty();
  }

  private static String domainOf(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
  }
}
