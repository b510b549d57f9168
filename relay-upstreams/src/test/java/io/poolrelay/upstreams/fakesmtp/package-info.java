/**
 * A fake upstream SMTP server for tests: {@link io.poolrelay.upstreams.fakesmtp.FakeSmtpServer} plays a
 * {@link io.poolrelay.upstreams.fakesmtp.Script} per connection, injecting replies and
 * {@link io.poolrelay.upstreams.fakesmtp.SocketEffect}s at each
 * {@link io.poolrelay.upstreams.fakesmtp.Phase}, and records what arrived as
 * {@link io.poolrelay.upstreams.fakesmtp.RecordedTransaction}s.
 *
 * <p>It exists so that the client's failure paths (a 451 after the dot, a peer that stalls, a socket
 * closed mid-body) can be tested deterministically, which a real MTA makes hard. It lives in the test
 * sources and reaches relay-server through this module's test-jar. Where no socket is needed, a
 * recording double is simpler.
 */
package io.poolrelay.upstreams.fakesmtp;
