/**
 * The {@code aws-ses-v2-local} SES v2 emulator as a test peer: {@link
 * io.poolrelay.upstreams.sesemulator.SesEmulator} runs it as a node process on 127.0.0.1 and a free port,
 * with the account GetAccount answers given as a {@code sesstub.StubAccount}, and reads back what arrived
 * as {@link io.poolrelay.upstreams.sesemulator.EmulatorEmail}s.
 *
 * <p>It is the "someone else's SES" check for the happy path (the SDK's requests are accepted by a
 * reimplementation written from AWS's API, not by our own stub). Errors, socket faults and byte-exact
 * content are tested against {@code sesstub.SesStub}, which the emulator cannot replace. The package is
 * installed by {@code bin/install-test-peers} under {@code var/tools/npm}; without it the tests fail and
 * say so.
 */
package io.poolrelay.upstreams.sesemulator;
