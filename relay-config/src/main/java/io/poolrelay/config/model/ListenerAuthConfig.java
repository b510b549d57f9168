package io.poolrelay.config.model;

import java.util.Map;

/**
 * SMTP AUTH (PLAIN and LOGIN) on a listener: an authenticated client may relay from any address.
 *
 * @param users      user name -> bcrypt hash of the password ({@code $2a$}, {@code $2b$} or {@code $2y$})
 * @param requireTls AUTH is offered and accepted only after STARTTLS, so passwords never cross the
 *                   network in clear
 */
public record ListenerAuthConfig(Map<String, Secret> users, boolean requireTls) {

  public ListenerAuthConfig {
    users = Map.copyOf(users);
  }
}
