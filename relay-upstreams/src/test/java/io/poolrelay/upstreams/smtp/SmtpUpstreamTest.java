package io.poolrelay.upstreams.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.poolrelay.config.model.SmtpUpstreamConfig;
import io.poolrelay.config.model.TlsMode;
import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.DeliveryOutcome.Deferred;
import io.poolrelay.upstreams.DeliveryOutcome.Delivered;
import io.poolrelay.upstreams.DeliveryOutcome.Rejected;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.MessageContent;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.Phase;
import io.poolrelay.upstreams.fakesmtp.RecordedTransaction;
import io.poolrelay.upstreams.fakesmtp.Script;
import io.poolrelay.upstreams.fakesmtp.SocketEffect;
import io.poolrelay.upstreams.time.FakeTime;
import io.poolrelay.upstreams.time.SystemTime;
import io.poolrelay.upstreams.time.Ticker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fault behaviour against the scriptable {@link FakeSmtpServer}. */
class SmtpUpstreamTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final byte[] TEXT = "Subject: hi\r\n\r\nhello\r\n.dot line\r\n".getBytes(StandardCharsets.US_ASCII);

  private final FakeTime time = new FakeTime();
  private FakeSmtpServer server;
  private SmtpUpstream upstream;

  @AfterEach
  void stop() {
    if (upstream != null) {
      upstream.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private SmtpUpstream upstream(UpstreamConfigs config) {
    return upstream(config.build(), time);
  }

  private SmtpUpstream upstream(SmtpUpstreamConfig config, Ticker ticker) {
    upstream = new SmtpUpstream(config, ticker);
    return upstream;
  }

  private UpstreamConfigs fake(Script script) {
    server = FakeSmtpServer.start(script);
    return UpstreamConfigs.onPort(server.port());
  }

  private static Envelope envelope(String... recipients) {
    return new Envelope("q-test", "sender@example.org", List.of(recipients));
  }

  private static TransactionResult send(SmtpUpstream upstream, String... recipients) throws InterruptedException {
    return upstream.deliver(envelope(recipients), MessageContent.of(TEXT));
  }

  private static DeliveryOutcome only(TransactionResult result) {
    assertEquals(1, result.outcomes().size());
    return result.outcomes().get(0).outcome();
  }

  private static Deferred deferredAt(FailureScope scope, DeliveryOutcome outcome) {
    Deferred deferred = assertInstanceOf(Deferred.class, outcome);
    assertEquals(scope, deferred.scope(), deferred.toString());
    return deferred;
  }

  private static Rejected rejectedAt(FailureScope scope, DeliveryOutcome outcome) {
    Rejected rejected = assertInstanceOf(Rejected.class, outcome);
    assertEquals(scope, rejected.scope(), rejected.toString());
    return rejected;
  }

  // --- delivery and the transaction ------------------------------------------------------------

  @Test
  void deliveredMessageArrivesUnstuffedWithItsEnvelope() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting()));
    TransactionResult result = send(upstream, "a@example.net", "b@example.net");
    assertTrue(result.allDelivered(), result.toString());
    assertEquals("2.0.0", result.outcomes().get(0).outcome().reply().enhancedStatus());
    RecordedTransaction received = server.takeTransaction(WAIT);
    assertEquals("sender@example.org", received.mailFrom());
    assertEquals(List.of("a@example.net", "b@example.net"), received.rcptTo());
    assertArrayEquals(TEXT, received.data());
    assertEquals("relay.test", received.heloName());
  }

  @Test
  void nullSenderIsSentAsEmptyPath() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting()));
    upstream.deliver(new Envelope("q", "", List.of("a@example.net")), MessageContent.of(TEXT));
    assertEquals("", server.takeTransaction(WAIT).mailFrom());
  }

  @Test
  void sizeIsAnnouncedAndBody8BitMimeOnlyForEightBitContent() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting()));
    send(upstream, "a@example.net");
    assertEquals(List.of("SIZE=" + TEXT.length), server.takeTransaction(WAIT).mailParameters());
    byte[] eightBit = "Subject: caf\u00e9\r\n\r\n\u2603\r\n".getBytes(StandardCharsets.UTF_8);
    upstream.deliver(envelope("a@example.net"), MessageContent.of(eightBit));
    assertEquals(List.of("SIZE=" + eightBit.length, "BODY=8BITMIME"), server.takeTransaction(WAIT).mailParameters());
  }

  @Test
  void noSizeParameterWhenTheServerDoesNotAnnounceSize() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().withoutSize().without8BitMime()));
    upstream.deliver(envelope("a@example.net"), MessageContent.of("x\u00e9\r\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of(), server.takeTransaction(WAIT).mailParameters());
  }

  @Test
  void nonPipeliningServerGetsOneCommandAtATime() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().withoutPipelining()
        .replyToRcpt("b@example.net", 550, "5.1.1 no such user")));
    TransactionResult result = send(upstream, "a@example.net", "b@example.net");
    assertInstanceOf(Delivered.class, result.outcomes().get(0).outcome());
    rejectedAt(FailureScope.RECIPIENT, result.outcomes().get(1).outcome());
    assertEquals(List.of("a@example.net"), server.takeTransaction(WAIT).rcptTo());
  }

  @Test
  void longRecipientListIsPipelinedInWindowsAndKeepsEachReply() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().replyToRcpt("r150@example.net", 550, "5.1.1 unknown")));
    String[] recipients = new String[250];
    for (int i = 0; i < recipients.length; i++) {
      recipients[i] = "r" + i + "@example.net";
    }
    TransactionResult result = send(upstream, recipients);
    for (int i = 0; i < recipients.length; i++) {
      assertEquals(recipients[i], result.outcomes().get(i).recipient());
      assertEquals(i == 150 ? Rejected.class : Delivered.class, result.outcomes().get(i).outcome().getClass());
    }
    assertEquals(249, server.takeTransaction(WAIT).rcptTo().size());
  }

  @Test
  void refusedMailStopsALongPipelineAndTheConnectionStaysUsable() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().reply(Phase.MAIL, 550, "5.7.1 no").once()));
    String[] recipients = new String[250];
    Arrays.setAll(recipients, i -> "r" + i + "@example.net");
    TransactionResult result = send(upstream, recipients);
    result.outcomes().forEach(o -> rejectedAt(FailureScope.MESSAGE, o.outcome()));
    assertInstanceOf(Delivered.class, only(send(upstream, "a@example.net")));
    assertEquals(1, server.connectionCount());
    assertTrue(server.commands(0).size() < 250, "sent " + server.commands(0).size() + " commands");
  }

  @Test
  void addressWithALineBreakIsRejectedWithoutBeingSent() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting()));
    TransactionResult result = send(upstream, "a@example.net>\r\nRCPT TO:<evil@example.com", "b@example.net");
    Rejected rejected = rejectedAt(FailureScope.RECIPIENT, result.outcomes().get(0).outcome());
    assertEquals(501, rejected.reply().code());
    assertInstanceOf(Delivered.class, result.outcomes().get(1).outcome());
    assertEquals(List.of("b@example.net"), server.takeTransaction(WAIT).rcptTo());
  }

  // --- failures before the transaction ---------------------------------------------------------

  @Test
  void refusedConnectionDefersEveryRecipientAtUpstreamScope() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    SmtpUpstream upstream = upstream(UpstreamConfigs.onPort(closedPort));
    TransactionResult result = send(upstream, "a@example.net", "b@example.net");
    for (var outcome : result.outcomes()) {
      Deferred deferred = deferredAt(FailureScope.UPSTREAM, outcome.outcome());
      assertFalse(deferred.ambiguous());
      assertEquals("421 4.4.1 connection refused by 127.0.0.1:" + closedPort, deferred.reply().toString());
      assertEquals("CONNECT", deferred.reply().command());
    }
    assertEquals(0, upstream.openConnections());
    assertEquals(Stage.CONNECT, upstream.checkConnection().failedStage().orElseThrow());
  }

  @Test
  void unknownHostFailsTheCheckAtTheDnsStage() {
    SmtpUpstream upstream = upstream(UpstreamConfigs.onPort(25).host("no-such-host.invalid"));
    ConnectionCheckResult check = upstream.checkConnection();
    assertEquals(Stage.DNS, check.failedStage().orElseThrow(), check.toString());
  }

  @Test
  void serviceClosingGreetingDefersAtUpstreamScope() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().reply(Phase.GREETING, 421, "4.3.2 too busy")));
    Deferred deferred = deferredAt(FailureScope.UPSTREAM, only(send(upstream, "a@example.net")));
    assertEquals("421 4.3.2 too busy", deferred.reply().toString());
    assertEquals("GREETING", deferred.reply().command());
  }

  @Test
  void ehloRefusedFallsBackToHelo() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().reply(Phase.EHLO, 502, "5.5.1 no EHLO here").once()));
    assertInstanceOf(Delivered.class, only(send(upstream, "a@example.net")));
    assertTrue(server.commands(0).contains("HELO relay.test"), server.commands(0).toString());
  }

  @Test
  void authFailureDefersAtUpstreamScopeAndKeepsThePeersText() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().requireAuth("relay", "right")).auth("relay", "wrong"));
    Deferred deferred = deferredAt(FailureScope.UPSTREAM, only(send(upstream, "a@example.net")));
    assertEquals("AUTH", deferred.reply().command());
    assertTrue(deferred.reply().toString().startsWith("421 4.7.8 authentication failed: 535 5.7.8"),
        deferred.reply().toString());
    assertFalse(deferred.reply().toString().contains("wrong"));
  }

  @Test
  void authLoginIsUsedWhenItIsTheOnlyMechanism() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().withAuth("relay", "pw")
        .reply(Phase.EHLO, 250, "fake.test\nPIPELINING\nAUTH LOGIN")).auth("relay", "pw"));
    assertInstanceOf(Delivered.class, only(send(upstream, "a@example.net")));
    assertEquals("relay", server.takeTransaction(WAIT).authenticatedUser().orElseThrow());
    assertTrue(server.commands(0).contains("AUTH LOGIN"), server.commands(0).toString());
  }

  @Test
  void authPlainAuthenticates() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().requireAuth("relay", "pw")).auth("relay", "pw"));
    assertInstanceOf(Delivered.class, only(send(upstream, "a@example.net")));
    assertEquals("relay", server.takeTransaction(WAIT).authenticatedUser().orElseThrow());
  }

  @Test
  void startTlsRequiredButNotOfferedFailsAtTheTlsStage() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting()).tls(TlsMode.STARTTLS));
    Deferred deferred = deferredAt(FailureScope.UPSTREAM, only(send(upstream, "a@example.net")));
    assertEquals("TLS", deferred.reply().command());
    assertTrue(deferred.reply().text().contains("does not offer it"), deferred.reply().text());
    assertEquals(Stage.TLS, upstream.checkConnection().failedStage().orElseThrow());
    assertTrue(server.transactions().isEmpty());
  }

  @Test
  void startTlsWithTheServersCertificateAsCaFileDeliversEncrypted() throws Exception {
    UpstreamConfigs config = fake(Script.accepting().withStartTls());
    SmtpUpstream upstream = upstream(config.tls(TlsMode.STARTTLS).caFile(server.certificatePem()));
    assertInstanceOf(Delivered.class, only(send(upstream, "a@example.net")));
    assertTrue(server.takeTransaction(WAIT).tls());
    assertTrue(upstream.checkConnection().ok());
  }

  @Test
  void startTlsWithoutTrustingTheCertificateFailsVerification() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().withStartTls()).tls(TlsMode.STARTTLS));
    Deferred deferred = deferredAt(FailureScope.UPSTREAM, only(send(upstream, "a@example.net")));
    assertEquals("TLS", deferred.reply().command());
    assertTrue(deferred.reply().toString().startsWith("421 4.7.0 TLS handshake failed: "), deferred.reply().toString());
    assertTrue(server.transactions().isEmpty());
  }

  @Test
  void tlsVerifyOffAcceptsAnUntrustedCertificate() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().withStartTls()).tls(TlsMode.STARTTLS).tlsVerify(false));
    assertInstanceOf(Delivered.class, only(send(upstream, "a@example.net")));
    assertTrue(server.takeTransaction(WAIT).tls());
  }

  @Test
  void hostNameMustMatchTheCertificate() throws Exception {
    // The certificate names localhost and 127.0.0.1 only; the machine's own name usually resolves to loopback too.
    String otherName = InetAddress.getLocalHost().getHostName();
    assumeTrue(!otherName.equalsIgnoreCase("localhost") && InetAddress.getByName(otherName).getHostAddress().equals("127.0.0.1"),
        "needs a second name for 127.0.0.1");
    UpstreamConfigs config = fake(Script.accepting().withStartTls());
    SmtpUpstream upstream = upstream(config.host(otherName).tls(TlsMode.STARTTLS).caFile(server.certificatePem()));
    ConnectionCheckResult check = upstream.checkConnection();
    assertEquals(Stage.TLS, check.failedStage().orElseThrow(), check.toString());
    assertTrue(check.detail().contains(otherName), check.detail());
  }

  @Test
  void implicitTlsDeliversWithCaFile() throws Exception {
    server = FakeSmtpServer.startImplicitTls();
    SmtpUpstream upstream = upstream(UpstreamConfigs.onPort(server.port()).tls(TlsMode.IMPLICIT)
        .caFile(server.certificatePem()));
    assertInstanceOf(Delivered.class, only(send(upstream, "a@example.net")));
    assertTrue(server.takeTransaction(WAIT).tls());
  }

  @Test
  void unreadableCaFileFailsEveryHandshakeWithTheReason() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().withStartTls()).tls(TlsMode.STARTTLS)
        .caFile(java.nio.file.Path.of("/nonexistent/ca.pem")));
    ConnectionCheckResult check = upstream.checkConnection();
    assertEquals(Stage.TLS, check.failedStage().orElseThrow());
    assertTrue(check.detail().contains("/nonexistent/ca.pem"), check.detail());
  }

  // --- replies in the transaction --------------------------------------------------------------

  @Test
  void transientMailReplyDefersEveryRecipientAtUpstreamScope() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().reply(Phase.MAIL, 451, "4.3.0 try later")));
    TransactionResult result = send(upstream, "a@example.net", "b@example.net");
    for (var outcome : result.outcomes()) {
      assertEquals(451, deferredAt(FailureScope.UPSTREAM, outcome.outcome()).reply().code());
    }
  }

  @Test
  void permanentMailReplyRejectsTheMessage() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().reply(Phase.MAIL, 553, "5.7.1 sender refused")));
    TransactionResult result = send(upstream, "a@example.net", "b@example.net");
    for (var outcome : result.outcomes()) {
      assertEquals("MAIL", rejectedAt(FailureScope.MESSAGE, outcome.outcome()).reply().command());
    }
    assertTrue(server.pollTransaction(Duration.ofMillis(100)).isEmpty());
  }

  @Test
  void transientRcptReplyDefersOnlyThatRecipient() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().replyToRcpt("b@example.net", 451, "4.2.1 later")));
    TransactionResult result = send(upstream, "a@example.net", "b@example.net", "c@example.net");
    assertInstanceOf(Delivered.class, result.outcomes().get(0).outcome());
    Deferred deferred = deferredAt(FailureScope.RECIPIENT, result.outcomes().get(1).outcome());
    assertEquals("451 4.2.1 later", deferred.reply().toString());
    assertFalse(deferred.ambiguous());
    assertInstanceOf(Delivered.class, result.outcomes().get(2).outcome());
    assertEquals(List.of("a@example.net", "c@example.net"), server.takeTransaction(WAIT).rcptTo());
  }

  @Test
  void permanentRcptReplyRejectsOnlyThatRecipient() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().replyToRcpt("a@example.net", 550, "5.1.1 unknown")));
    TransactionResult result = send(upstream, "a@example.net", "b@example.net");
    assertEquals("5.1.1", rejectedAt(FailureScope.RECIPIENT, result.outcomes().get(0).outcome()).reply().enhancedStatus());
    assertInstanceOf(Delivered.class, result.outcomes().get(1).outcome());
  }

  @Test
  void failoverOnTurnsARcptRejectionIntoUpstreamScope() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting()
        .replyToRcpt("a@example.net", 554, "5.7.1 relay denied")
        .replyToRcpt("b@example.net", 550, "5.1.1 unknown")).failoverOn(554));
    TransactionResult result = send(upstream, "a@example.net", "b@example.net");
    rejectedAt(FailureScope.UPSTREAM, result.outcomes().get(0).outcome());
    rejectedAt(FailureScope.RECIPIENT, result.outcomes().get(1).outcome());
  }

  @Test
  void noAcceptedRecipientMeansNoBodyAndTheConnectionIsReset() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().replyToRcpt("a@example.net", 550, "5.1.1 unknown").once()));
    rejectedAt(FailureScope.RECIPIENT, only(send(upstream, "a@example.net")));
    assertTrue(server.transactions().isEmpty());
    assertInstanceOf(Delivered.class, only(send(upstream, "b@example.net")));
    assertEquals(1, server.connectionCount());
    assertTrue(server.commands(0).contains("RSET"), server.commands(0).toString());
  }

  @Test
  void transientDataReplyDefersAcceptedRecipientsAtUpstreamScope() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting()
        .replyToRcpt("b@example.net", 550, "5.1.1 unknown")
        .reply(Phase.DATA, 451, "4.3.0 no data now")));
    TransactionResult result = send(upstream, "a@example.net", "b@example.net");
    assertEquals("DATA", deferredAt(FailureScope.UPSTREAM, result.outcomes().get(0).outcome()).reply().command());
    rejectedAt(FailureScope.RECIPIENT, result.outcomes().get(1).outcome());
  }

  @Test
  void serviceClosingMidRcptDefersEveryUnsettledRecipientAndDropsTheConnection() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting()
        .replyToRcpt("a@example.net", 550, "5.1.1 unknown")
        .replyToRcpt("c@example.net", 421, "4.3.2 shutting down")));
    TransactionResult result = send(upstream, "a@example.net", "b@example.net", "c@example.net");
    rejectedAt(FailureScope.RECIPIENT, result.outcomes().get(0).outcome());
    assertEquals(421, deferredAt(FailureScope.UPSTREAM, result.outcomes().get(1).outcome()).reply().code());
    assertEquals(421, deferredAt(FailureScope.UPSTREAM, result.outcomes().get(2).outcome()).reply().code());
    assertEquals(0, upstream.openConnections());
  }

  @Test
  void transientReplyToTheFinalDotDefersTheMessage() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().reply(Phase.END_OF_DATA, 452, "4.3.1 disk full")));
    Deferred deferred = deferredAt(FailureScope.MESSAGE, only(send(upstream, "a@example.net")));
    assertFalse(deferred.ambiguous());
    assertEquals("END_OF_DATA", deferred.reply().command());
  }

  @Test
  void permanentReplyToTheFinalDotRejectsTheMessage() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().reply(Phase.END_OF_DATA, 554, "5.6.0 spam")));
    rejectedAt(FailureScope.MESSAGE, only(send(upstream, "a@example.net")));
  }

  // --- lost connections and timeouts ------------------------------------------------------------

  @Test
  void connectionClosedDuringTheBodyDefersAtUpstreamScopeNotAmbiguous() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().withoutSize().on(Phase.DATA_BODY, SocketEffect.closeSocket())));
    // Larger than the socket buffers, so the close is seen while the body is still being written.
    byte[] big = ("x".repeat(998) + "\r\n").repeat(32 * 1024).getBytes(StandardCharsets.US_ASCII);
    DeliveryOutcome outcome = only(upstream.deliver(envelope("a@example.net"), MessageContent.of(big)));
    Deferred deferred = deferredAt(FailureScope.UPSTREAM, outcome);
    assertFalse(deferred.ambiguous());
    assertEquals("DATA_BODY", deferred.reply().command());
    assertEquals(0, upstream.openConnections());
  }

  @Test
  void stallAfterTheFinalDotIsAmbiguousAfterDataTimeout() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().on(Phase.END_OF_DATA, SocketEffect.stall()))
        .dataTimeout(Duration.ofMillis(300)));
    long started = System.nanoTime();
    Deferred deferred = deferredAt(FailureScope.MESSAGE, only(send(upstream, "a@example.net")));
    assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(300));
    assertTrue(deferred.ambiguous());
    assertEquals("421 4.4.2 no reply to END_OF_DATA after 300ms (the message may have been delivered)",
        deferred.reply().toString());
    assertEquals(0, upstream.openConnections());
  }

  @Test
  void closeAfterTheFinalDotIsAmbiguous() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().on(Phase.END_OF_DATA, SocketEffect.closeSocket())));
    assertTrue(deferredAt(FailureScope.MESSAGE, only(send(upstream, "a@example.net"))).ambiguous());
  }

  @Test
  void stalledRcptReplyTimesOutAtCommandTimeout() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().on(Phase.RCPT, SocketEffect.stall()))
        .commandTimeout(Duration.ofMillis(200)));
    Deferred deferred = deferredAt(FailureScope.UPSTREAM, only(send(upstream, "a@example.net")));
    assertFalse(deferred.ambiguous());
    assertEquals("421 4.4.2 no reply to RCPT after 200ms", deferred.reply().toString());
  }

  @Test
  void peerDrippingBytesCannotOutlastCommandTimeout() throws Exception {
    // 4 bytes every 50 ms: each read gets data well inside 300 ms, but no reply completes in time.
    UpstreamConfigs config = fake(Script.accepting().throttle(4, Duration.ofMillis(50)))
        .commandTimeout(Duration.ofMillis(300));
    SmtpUpstream upstream = upstream(config.build(), new SystemTime());
    long started = System.nanoTime();
    Deferred deferred = deferredAt(FailureScope.UPSTREAM, only(send(upstream, "a@example.net")));
    assertTrue(deferred.reply().text().startsWith("no reply to "), deferred.reply().toString());
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(3));
  }

  // --- the pool ------------------------------------------------------------------------------

  @Test
  void twoDeliveriesReuseOneConnection() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting()));
    assertInstanceOf(Delivered.class, only(send(upstream, "a@example.net")));
    assertInstanceOf(Delivered.class, only(send(upstream, "b@example.net")));
    assertEquals(1, server.connectionCount());
    assertEquals(1, server.takeTransaction(WAIT).transactionIndex() + server.takeTransaction(WAIT).transactionIndex());
  }

  @Test
  void connectionIsClosedWithQuitAfterMaxMessagesPerConnection() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting()).maxMessagesPerConnection(2));
    for (int i = 0; i < 3; i++) {
      assertInstanceOf(Delivered.class, only(send(upstream, "a@example.net")));
    }
    assertEquals(2, server.connectionCount());
    assertEquals("QUIT", server.commands(0).getLast());
  }

  @Test
  void idleConnectionOlderThanIdleTimeoutIsReplaced() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting()).idleTimeout(Duration.ofSeconds(30)));
    send(upstream, "a@example.net");
    time.advance(Duration.ofSeconds(29));
    send(upstream, "a@example.net");
    assertEquals(1, server.connectionCount());
    time.advance(Duration.ofSeconds(31));
    send(upstream, "a@example.net");
    assertEquals(2, server.connectionCount());
    assertEquals("QUIT", server.commands(0).getLast());
  }

  @Test
  void stalePooledConnectionIsRetriedOnceOnAFreshOne() throws Exception {
    // The first connection dies when its second MAIL arrives, as one the server timed out while idle.
    server = FakeSmtpServer.start();
    server.enqueue(Script.accepting().on(Phase.MAIL, SocketEffect.closeSocket()).inTransaction(1));
    SmtpUpstream upstream = upstream(UpstreamConfigs.onPort(server.port()));
    assertInstanceOf(Delivered.class, only(send(upstream, "a@example.net")));
    assertInstanceOf(Delivered.class, only(send(upstream, "b@example.net")));
    assertEquals(2, server.connectionCount());
    assertEquals(List.of("a@example.net"), server.takeTransaction(WAIT).rcptTo());
    RecordedTransaction retried = server.takeTransaction(WAIT);
    assertEquals(List.of("b@example.net"), retried.rcptTo());
    assertEquals(1, retried.connectionIndex());
  }

  @Test
  void staleRetryHappensOnlyOnce() throws Exception {
    server = FakeSmtpServer.start();
    server.enqueue(Script.accepting().on(Phase.MAIL, SocketEffect.closeSocket()).inTransaction(1));
    server.enqueue(Script.accepting().on(Phase.MAIL, SocketEffect.closeSocket()));
    SmtpUpstream upstream = upstream(UpstreamConfigs.onPort(server.port()));
    send(upstream, "a@example.net");
    Deferred deferred = deferredAt(FailureScope.UPSTREAM, only(send(upstream, "b@example.net")));
    assertEquals("MAIL", deferred.reply().command());
    assertEquals(2, server.connectionCount());
  }

  @Test
  void pooledConnectionThatTimesOutAtMailIsNotRetried() throws Exception {
    server = FakeSmtpServer.start();
    server.enqueue(Script.accepting().on(Phase.MAIL, SocketEffect.stall()).inTransaction(1));
    SmtpUpstream upstream = upstream(UpstreamConfigs.onPort(server.port()).commandTimeout(Duration.ofMillis(200)));
    send(upstream, "a@example.net");
    Deferred deferred = deferredAt(FailureScope.UPSTREAM, only(send(upstream, "b@example.net")));
    assertEquals("421 4.4.2 no reply to MAIL after 200ms", deferred.reply().toString());
    assertEquals(1, server.connectionCount());
  }

  @Test
  void freshConnectionFailingAtMailIsNotRetried() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().on(Phase.MAIL, SocketEffect.closeSocket())));
    deferredAt(FailureScope.UPSTREAM, only(send(upstream, "a@example.net")));
    assertEquals(1, server.connectionCount());
  }

  @Test
  void deliverWaitsForAFreeConnectionAndCanBeInterrupted() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting().on(Phase.END_OF_DATA, SocketEffect.stall()).once())
        .maxConnections(1).dataTimeout(Duration.ofSeconds(30)));
    CompletableFuture<TransactionResult> holder = new CompletableFuture<>();
    Thread.ofVirtual().name("holder").start(() -> complete(holder, upstream));
    assertTrue(server.awaitConnections(1, WAIT));
    CompletableFuture<TransactionResult> waiter = new CompletableFuture<>();
    Thread waiting = Thread.ofVirtual().name("waiter").start(() -> complete(waiter, upstream));
    awaitState(waiting, Thread.State.WAITING);
    waiting.interrupt();
    ExecutionException e = assertThrows(ExecutionException.class, () -> waiter.get(5, TimeUnit.SECONDS));
    assertInstanceOf(InterruptedException.class, e.getCause());
    assertEquals(1, server.connectionCount());
    assertEquals(0, server.takeTransaction(WAIT).replyCode());
    server.close();
    assertTrue(holder.get(5, TimeUnit.SECONDS).outcomes().get(0).outcome() instanceof Deferred d && d.ambiguous());
  }

  @Test
  void closedUpstreamDefersWithUpstreamClosedAndQuitsIdleConnections() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting()));
    send(upstream, "a@example.net");
    upstream.close();
    assertEquals("QUIT", server.commands(0).getLast());
    Deferred deferred = deferredAt(FailureScope.UPSTREAM, only(send(upstream, "a@example.net")));
    assertEquals("421 4.3.0 upstream closed", deferred.reply().toString());
    assertEquals(1, server.connectionCount());
  }

  @Test
  void checkConnectionQuitsAndLeavesThePoolAlone() throws Exception {
    SmtpUpstream upstream = upstream(fake(Script.accepting()));
    ConnectionCheckResult check = upstream.checkConnection();
    assertTrue(check.ok(), check.toString());
    assertEquals(0, upstream.openConnections());
    assertTrue(server.awaitConnections(1, WAIT));
    assertEquals("QUIT", server.commands(0).getLast());
  }

  private static void complete(CompletableFuture<TransactionResult> future, SmtpUpstream upstream) {
    try {
      future.complete(send(upstream, "a@example.net"));
    } catch (Throwable t) {
      future.completeExceptionally(t);
    }
  }

  private static void awaitState(Thread thread, Thread.State state) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (thread.getState() != state) {
      assertTrue(System.nanoTime() < deadline, "thread never reached " + state + ": " + thread.getState());
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

}
