/**
 * The daemon: accept mail over SMTP, persist it, route it to a pool, deliver it, report.
 *
 * <p>A message flows {@code smtp} (only after {@code spool} has forced it to disk does the client get
 * its 250) to {@code delivery}, which asks {@code routing} for a pool and hands the message to that
 * pool's upstreams. {@code lifecycle.Relay} is the only place where these parts are built and wired.
 */
package io.poolrelay.server;
