package io.poolrelay.server.smtp;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.subethamail.smtp.server.Session;

/**
 * Failed AUTH attempts per session, so that a client cannot try password after password on one
 * connection. The library's {@link Session} has no place for our state; weak keys let a count go
 * with its session, without an end-of-session hook.
 */
final class AuthFailures {

  private final Map<Session, Integer> failures = Collections.synchronizedMap(new WeakHashMap<>());

  /** Records one more failure and returns how many this session has had. */
  int recordFailure(Session session) {
    return failures.merge(session, 1, Integer::sum);
  }
}
