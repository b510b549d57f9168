package io.poolrelay.upstreams.fakesmtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FakeSmtpServerTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void acceptingScriptRecordsTheExactBytesAfterDotUnstuffing() throws Exception {
    try (var upstream = FakeSmtpServer.start(); var client = Client.connect(upstream)) {
      assertEquals("220 fake.test ESMTP", client.reply().toString());
      assertEquals(250, client.command("EHLO client.test").code());
      assertEquals("250 2.1.0 Ok", client.command("MAIL FROM:<sender@example.org> SIZE=64 BODY=8BITMIME").toString());
      assertEquals("250 2.1.5 Ok", client.command("RCPT TO:<rcpt@example.net>").toString());
      assertEquals("354 End data with <CR><LF>.<CR><LF>", client.command("DATA").toString());
      byte[] stuffed = bytes("Subject: dots\r\n\r\n..starts with a dot\r\n..\r\ncaf\u00e9\r\n.\r\n");
      client.write(stuffed);
      assertEquals("250 2.0.0 Ok: queued as 1", client.reply().toString());
      assertEquals("221 2.0.0 Bye", client.command("QUIT").toString());

      RecordedTransaction t = upstream.takeTransaction(WAIT);
      assertEquals("sender@example.org", t.mailFrom());
      assertEquals(List.of("SIZE=64", "BODY=8BITMIME"), t.mailParameters());
      assertEquals(List.of("rcpt@example.net"), t.rcptTo());
      assertArrayEquals(bytes("Subject: dots\r\n\r\n.starts with a dot\r\n.\r\ncaf\u00e9\r\n"), t.data());
      assertTrue(t.accepted());
      assertEquals("1", t.queueId());
      assertEquals("client.test", t.heloName());
      assertEquals(0, t.connectionIndex());
      assertFalse(t.tls());
      assertFalse(t.authenticated());
    }
  }

  @Test
  void ehloAdvertisesPipeliningSizeEightBitMimeAndEnhancedStatusCodes() throws Exception {
    try (var upstream = FakeSmtpServer.start(); var client = Client.connect(upstream)) {
      client.reply();
      assertEquals(
          List.of("fake.test", "PIPELINING", "SIZE 10485760", "8BITMIME", "ENHANCEDSTATUSCODES"),
          client.command("EHLO client.test").lines());
    }
  }

  @Test
  void droppedExtensionsAreNotAdvertisedAndDefaultRepliesLoseTheirEnhancedCodes() throws Exception {
    Script script = Script.accepting().withoutPipelining().withoutEnhancedStatusCodes().withSize(1000);
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      client.reply();
      assertEquals(List.of("fake.test", "SIZE 1000", "8BITMIME"), client.command("EHLO client.test").lines());
      assertEquals("552 Message size exceeds fixed limit", client.command("MAIL FROM:<a@x> SIZE=1001").toString());
      assertEquals("250 Ok", client.command("MAIL FROM:<a@x> SIZE=1000").toString());
    }
  }

  @Test
  void pipelinedCommandsAreAnsweredOneByOneInOrder() throws Exception {
    Script script = Script.accepting().replyToRcpt("refused@example.net", 550, "5.1.1 no such user");
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      client.reply();
      client.command("EHLO client.test");
      client.send("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.net>", "RCPT TO:<refused@example.net>",
          "RCPT TO:<c@example.net>", "DATA");
      assertEquals(250, client.reply().code());
      assertEquals(250, client.reply().code());
      assertEquals("550 5.1.1 no such user", client.reply().toString());
      assertEquals(250, client.reply().code());
      assertEquals(354, client.reply().code());
      client.send("hello", ".", "MAIL FROM:<second@example.org>", "RCPT TO:<d@example.net>", "QUIT");
      assertEquals("250 2.0.0 Ok: queued as 1", client.reply().toString());
      assertEquals(250, client.reply().code());
      assertEquals(250, client.reply().code());
      assertEquals(221, client.reply().code());

      RecordedTransaction t = upstream.takeTransaction(WAIT);
      assertEquals(List.of("b@example.net", "c@example.net"), t.rcptTo());
      assertEquals(List.of("refused@example.net"), t.refusedRcptTo());
      assertEquals("hello\r\n", t.dataAsString());
      assertEquals(List.of(), upstream.protocolViolations());
    }
  }

  @Test
  void commandSentBeforeItsReplyIsReportedWhenPipeliningIsNotAdvertised() throws Exception {
    try (var upstream = FakeSmtpServer.start(Script.accepting().withoutPipelining());
        var client = Client.connect(upstream)) {
      client.reply();
      client.command("EHLO client.test");
      client.send("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.net>");
      assertEquals(250, client.reply().code());
      assertEquals(250, client.reply().code());
      assertEquals(
          List.of("connection 0: sent more before the reply to 'MAIL FROM:<a@example.org>'"
              + " (PIPELINING was not advertised)"),
          upstream.protocolViolations());
    }
  }

  @Test
  void bodySentWithoutWaitingFor354IsReportedEvenWithPipelining() throws Exception {
    try (var upstream = FakeSmtpServer.start(); var client = Client.connect(upstream)) {
      walkTo(client, Phase.RCPT);
      client.send("DATA", "body", ".");
      assertEquals(354, client.reply().code());
      assertEquals(250, client.reply().code());
      assertEquals(
          List.of("connection 0: sent more before the reply to 'DATA' (RFC 2920: it must end a pipelined group)"),
          upstream.protocolViolations());
    }
  }

  @Test
  void messageLargerThanTheAdvertisedSizeIsRefusedAfterTheDotButRecorded() throws Exception {
    try (var upstream = FakeSmtpServer.start(Script.accepting().withSize(10)); var client = Client.connect(upstream)) {
      assertEquals("552 5.3.4 Message size exceeds fixed limit", walkTo(client, Phase.END_OF_DATA).toString());
      RecordedTransaction t = upstream.takeTransaction(WAIT);
      assertFalse(t.accepted());
      assertEquals(BODY, t.dataAsString());
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"GREETING", "EHLO", "MAIL", "RCPT", "DATA", "END_OF_DATA", "RSET", "QUIT"})
  void scriptedReplyReplacesTheDefaultAtEachPhase(Phase phase) throws Exception {
    Script script = Script.accepting().reply(phase, 452, "4.9.9 scripted for " + phase);
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      assertEquals("452 4.9.9 scripted for " + phase, walkTo(client, phase).toString());
    }
  }

  @Test
  void multiLineScriptedReplyIsSentWithContinuationLines() throws Exception {
    Script script = Script.accepting().reply(Phase.MAIL, 451, "4.3.0 first line\n4.3.0 second line");
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      Reply reply = walkTo(client, Phase.MAIL);
      assertEquals(451, reply.code());
      assertEquals(List.of("4.3.0 first line", "4.3.0 second line"), reply.lines());
    }
  }

  @Test
  void failedReplyToTheFinalDotIsStillRecordedAsNotAccepted() throws Exception {
    Script script = Script.accepting().reply(Phase.END_OF_DATA, 451, "4.3.0 try later");
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      assertEquals(451, walkTo(client, Phase.END_OF_DATA).code());
      RecordedTransaction t = upstream.takeTransaction(WAIT);
      assertEquals(451, t.replyCode());
      assertFalse(t.accepted());
      assertEquals(BODY, t.dataAsString());
    }
  }

  @Test
  void perRecipientRepliesAcceptOneRecipientAndRefuseAnother() throws Exception {
    Script script = Script.accepting()
        .replyToRcpt("<Busy@Example.net>", 451, "4.2.1 mailbox busy")
        .replyToRcpt("gone@example.net", 550, "5.1.1 user unknown");
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      client.reply();
      client.command("EHLO client.test");
      client.command("MAIL FROM:<a@example.org>");
      assertEquals("451 4.2.1 mailbox busy", client.command("RCPT TO:<busy@example.net>").toString());
      assertEquals("250 2.1.5 Ok", client.command("RCPT TO:<ok@example.net>").toString());
      assertEquals("550 5.1.1 user unknown", client.command("RCPT TO:<gone@example.net>").toString());
      client.command("DATA");
      client.send("x", ".");
      assertEquals(250, client.reply().code());

      RecordedTransaction t = upstream.takeTransaction(WAIT);
      assertEquals(List.of("ok@example.net"), t.rcptTo());
      assertEquals(List.of("busy@example.net", "gone@example.net"), t.refusedRcptTo());
    }
  }

  @Test
  void dataWithoutAcceptedRecipientsIsRefusedAndNothingIsRecorded() throws Exception {
    Script script = Script.accepting().reply(Phase.RCPT, 550, "5.1.1 nobody here");
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      client.reply();
      client.command("EHLO client.test");
      client.send("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.net>", "DATA");
      assertEquals(250, client.reply().code());
      assertEquals(550, client.reply().code());
      assertEquals("554 5.5.1 Error: no valid recipients", client.reply().toString());
      assertEquals(221, client.command("QUIT").code());
      assertEquals(List.of(), upstream.transactions());
    }
  }

  @Test
  void closeAtConnectDisconnectsBeforeTheGreeting() throws Exception {
    Script script = Script.accepting().on(Phase.CONNECT, SocketEffect.closeSocket());
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      assertTrue(client.isClosedByPeer());
      assertEquals(1, upstream.connectionCount());
    }
  }

  @Test
  void greeting421ClosesTheConnection() throws Exception {
    Script script = Script.accepting().reply(Phase.GREETING, 421, "4.3.2 shutting down");
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      assertEquals("421 4.3.2 shutting down", client.reply().toString());
      assertTrue(client.isClosedByPeer());
    }
  }

  @Test
  void refusingGreetingAnswers503UntilQuit() throws Exception {
    Script script = Script.accepting().reply(Phase.GREETING, 554, "5.3.2 no service for you");
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      assertEquals(554, client.reply().code());
      assertEquals(503, client.command("EHLO client.test").code());
      assertEquals(221, client.command("QUIT").code());
    }
  }

  @Test
  void closeDuringTheBodyDropsTheConnectionAndRecordsNothing() throws Exception {
    try (var upstream = FakeSmtpServer.start()) {
      upstream.enqueue(Script.accepting().on(Phase.DATA_BODY, SocketEffect.closeSocket()));
      try (var client = Client.connect(upstream)) {
        client.reply();
        client.command("EHLO client.test");
        client.command("MAIL FROM:<a@example.org>");
        client.command("RCPT TO:<b@example.net>");
        assertEquals(354, client.command("DATA").code());
        client.send("first line of the body");
        assertTrue(client.isClosedByPeer());
      }
      // The next connection gets the default script: its transaction is the first one recorded.
      try (var client = Client.connect(upstream)) {
        assertEquals(250, walkTo(client, Phase.END_OF_DATA).code());
      }
      assertEquals(1, upstream.takeTransaction(WAIT).connectionIndex());
      assertEquals(1, upstream.transactions().size());
    }
  }

  @Test
  void stallAtEndOfDataKeepsTheSocketOpenUntilClose() throws Exception {
    var upstream = FakeSmtpServer.start(Script.accepting().on(Phase.END_OF_DATA, SocketEffect.stall()));
    try (upstream; var client = Client.connect(upstream)) {
      walkTo(client, Phase.DATA);
      client.send("the body", ".");
      RecordedTransaction t = upstream.takeTransaction(WAIT);
      assertEquals(0, t.replyCode());
      assertFalse(t.accepted());

      client.socket.setSoTimeout(300);
      assertThrows(SocketTimeoutException.class, () -> client.in.read());
      // Still reading: the client can keep writing without an error, and still gets no answer.
      client.send("NOOP");
      assertThrows(SocketTimeoutException.class, () -> client.in.read());

      client.socket.setSoTimeout((int) WAIT.toMillis());
      long start = System.nanoTime();
      upstream.close();
      assertTrue(client.isClosedByPeer());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(WAIT) < 0);
    }
  }

  @Test
  void shutdownOutputLetsTheClientReadEndOfStream() throws Exception {
    Script script = Script.accepting().on(Phase.MAIL, SocketEffect.shutdownOutput());
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      client.reply();
      client.command("EHLO client.test");
      client.send("MAIL FROM:<a@example.org>");
      assertEquals(-1, client.in.read());
    }
  }

  @Test
  void delayHoldsTheReplyBackForAtLeastTheDelay() throws Exception {
    Duration delay = Duration.ofMillis(300);
    Script script = Script.accepting().on(Phase.MAIL, SocketEffect.delay(delay));
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      client.reply();
      client.command("EHLO client.test");
      long start = System.nanoTime();
      assertEquals(250, client.command("MAIL FROM:<a@example.org>").code());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(delay) >= 0, "MAIL was answered after " + took);
    }
  }

  @Test
  void delayAndReplyOverrideCombineAtOnePhase() throws Exception {
    Script script = Script.accepting()
        .on(Phase.RCPT, SocketEffect.delay(Duration.ofMillis(50)))
        .reply(Phase.RCPT, 451, "4.4.5 slow and sorry");
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      assertEquals("451 4.4.5 slow and sorry", walkTo(client, Phase.RCPT).toString());
    }
  }

  @Test
  void authPlainWithTheRightCredentialsIsRecordedOnTheTransaction() throws Exception {
    Script script = Script.accepting().requireAuth("user", "secret");
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      client.reply();
      assertTrue(client.command("EHLO client.test").lines().contains("AUTH PLAIN LOGIN"));
      assertEquals("530 5.7.0 Authentication required", client.command("MAIL FROM:<a@example.org>").toString());
      assertEquals("235 2.7.0 Authentication successful",
          client.command("AUTH PLAIN " + base64("\0user\0secret")).toString());
      assertEquals(250, client.command("MAIL FROM:<a@example.org>").code());
      client.command("RCPT TO:<b@example.net>");
      client.command("DATA");
      client.send("x", ".");
      assertEquals(250, client.reply().code());
      assertEquals(Optional.of("user"), upstream.takeTransaction(WAIT).authenticatedUser());
    }
  }

  @Test
  void authLoginWithTheRightCredentialsSucceeds() throws Exception {
    Script script = Script.accepting().requireAuth("user", "secret");
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      client.reply();
      client.command("EHLO client.test");
      assertEquals("334 VXNlcm5hbWU6", client.command("AUTH LOGIN").toString());
      assertEquals("334 UGFzc3dvcmQ6", client.command(base64("user")).toString());
      assertEquals(235, client.command(base64("secret")).code());
      assertEquals(250, client.command("MAIL FROM:<a@example.org>").code());
    }
  }

  @Test
  void wrongCredentialsAreRefusedWith535ForPlainAndLogin() throws Exception {
    Script script = Script.accepting().requireAuth("user", "secret");
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      client.reply();
      client.command("EHLO client.test");
      assertEquals("535 5.7.8 Error: authentication failed",
          client.command("AUTH PLAIN " + base64("\0user\0wrong")).toString());
      client.command("AUTH PLAIN");
      assertEquals(535, client.command(base64("\0other\0secret")).code());
      client.command("AUTH LOGIN " + base64("user"));
      assertEquals(535, client.command(base64("wrong")).code());
      assertEquals(530, client.command("MAIL FROM:<a@example.org>").code());
    }
  }

  @Test
  void startTlsHandshakeSucceedsWithTheExportedPemCertificate() throws Exception {
    try (var upstream = FakeSmtpServer.start(Script.accepting().withStartTls());
        var client = Client.connect(upstream)) {
      X509Certificate fromPem;
      try (InputStream pem = Files.newInputStream(upstream.certificatePem())) {
        fromPem = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
      }
      client.reply();
      assertTrue(client.command("EHLO client.test").lines().contains("STARTTLS"));
      assertEquals("220 2.0.0 Ready to start TLS", client.command("STARTTLS").toString());
      client.startTls(trusting(fromPem), upstream.host(), upstream.port());

      assertFalse(client.command("EHLO client.test").lines().contains("STARTTLS"));
      assertEquals(250, walkTo(client, Phase.EHLO, Phase.END_OF_DATA).code());
      assertTrue(upstream.takeTransaction(WAIT).tls());
    }
  }

  @Test
  void refusedStartTlsLeavesTheConnectionInClearText() throws Exception {
    Script script = Script.accepting().withStartTls().reply(Phase.STARTTLS, 454, "4.7.0 TLS not available");
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      client.reply();
      client.command("EHLO client.test");
      assertEquals("454 4.7.0 TLS not available", client.command("STARTTLS").toString());
      assertEquals(250, walkTo(client, Phase.MAIL, Phase.END_OF_DATA).code());
      assertFalse(upstream.takeTransaction(WAIT).tls());
    }
  }

  @Test
  void scriptedAuthReplyReplacesTheVerdictOnTheCredentials() throws Exception {
    Script script = Script.accepting().requireAuth("user", "secret").reply(Phase.AUTH, 454, "4.7.0 temporary failure");
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      client.reply();
      client.command("EHLO client.test");
      assertEquals("454 4.7.0 temporary failure", client.command("AUTH PLAIN " + base64("\0user\0secret")).toString());
      assertEquals(530, client.command("MAIL FROM:<a@example.org>").code());
    }
  }

  @Test
  void commandsPipelinedAfterStartTlsAreDiscarded() throws Exception {
    try (var upstream = FakeSmtpServer.start(Script.accepting().withStartTls());
        var client = Client.connect(upstream)) {
      client.reply();
      client.command("EHLO client.test");
      client.send("STARTTLS", "MAIL FROM:<injected@example.org>");
      assertEquals(220, client.reply().code());
      client.startTls(upstream.clientSslContext(), upstream.host(), upstream.port());
      assertEquals("503 5.5.1 Error: send HELO/EHLO first", client.command("MAIL FROM:<a@example.org>").toString());
    }
  }

  @Test
  void implicitTlsServerSpeaksTlsFromTheFirstByte() throws Exception {
    try (var upstream = FakeSmtpServer.startImplicitTls()) {
      SSLSocket ssl = (SSLSocket) upstream.clientSslContext().getSocketFactory()
          .createSocket(upstream.host(), upstream.port());
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(parameters);
      try (var client = new Client(ssl)) {
        assertEquals(250, walkTo(client, Phase.END_OF_DATA).code());
      }
      assertTrue(upstream.takeTransaction(WAIT).tls());
      assertTrue(upstream.trustStore().isCertificateEntry("fakesmtp"));
    }
  }

  @Test
  void throttleMakesTheServerReadTheBodySlowly() throws Exception {
    Script script = Script.accepting().throttle(100, Duration.ofMillis(50));
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      walkTo(client, Phase.DATA);
      byte[] body = bytes(("x".repeat(98) + "\r\n").repeat(10) + ".\r\n");
      long start = System.nanoTime();
      client.write(body);
      assertEquals(250, client.reply().code());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // 1003 bytes at 100 bytes per 50 ms: at least 9 full periods must pass.
      assertTrue(took.compareTo(Duration.ofMillis(450)) >= 0, "body was read in " + took);
      assertEquals(1000, upstream.takeTransaction(WAIT).data().length);
    }
  }

  @Test
  void severalTransactionsOnOneConnectionAreRecordedInOrder() throws Exception {
    try (var upstream = FakeSmtpServer.start(); var client = Client.connect(upstream)) {
      client.reply();
      client.command("EHLO client.test");
      for (int i = 0; i < 3; i++) {
        client.command("MAIL FROM:<s" + i + "@example.org>");
        client.command("RCPT TO:<r" + i + "@example.net>");
        client.command("DATA");
        client.send("message " + i, ".");
        assertEquals("250 2.0.0 Ok: queued as " + (i + 1), client.reply().toString());
      }
      for (int i = 0; i < 3; i++) {
        RecordedTransaction t = upstream.takeTransaction(WAIT);
        assertEquals(0, t.connectionIndex());
        assertEquals(i, t.transactionIndex());
        assertEquals("s" + i + "@example.org", t.mailFrom());
        assertEquals("message " + i + "\r\n", t.dataAsString());
      }
    }
  }

  @Test
  void onceLetsTheFirstTransactionFailAndTheNextOnTheSameConnectionSucceed() throws Exception {
    Script script = Script.accepting().reply(Phase.END_OF_DATA, 451, "4.3.0 try again").once();
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      assertEquals(451, walkTo(client, Phase.END_OF_DATA).code());
      assertEquals(250, client.command("RSET").code());
      assertEquals(250, walkTo(client, Phase.MAIL, Phase.END_OF_DATA).code());
      assertFalse(upstream.takeTransaction(WAIT).accepted());
      assertTrue(upstream.takeTransaction(WAIT).accepted());
    }
  }

  @Test
  void inTransactionNarrowsAReplyToOneTransactionOfTheConnection() throws Exception {
    Script script = Script.accepting().reply(Phase.RCPT, 452, "4.5.3 too many recipients").inTransaction(1);
    try (var upstream = FakeSmtpServer.start(script); var client = Client.connect(upstream)) {
      client.reply();
      client.command("EHLO client.test");
      List<Integer> codes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        client.command("MAIL FROM:<a@example.org>");
        codes.add(client.command("RCPT TO:<b@example.net>").code());
        client.command("RSET");
      }
      assertEquals(List.of(250, 452, 250), codes);
    }
  }

  @Test
  void scriptsAreConsumedOnePerConnectionInEnqueueOrderThenTheDefault() throws Exception {
    try (var upstream = FakeSmtpServer.start()) {
      upstream.enqueue(Script.accepting().reply(Phase.GREETING, 554, "5.3.2 first"));
      upstream.enqueue(Script.accepting().reply(Phase.GREETING, 554, "5.3.2 second"));
      List<String> greetings = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        try (var client = Client.connect(upstream)) {
          greetings.add(client.reply().toString());
        }
      }
      assertEquals(List.of("554 5.3.2 first", "554 5.3.2 second", "220 fake.test ESMTP"), greetings);
      assertTrue(upstream.awaitConnections(3, WAIT));
      assertEquals(3, upstream.connectionCount());
    }
  }

  @Test
  void openConnectionCountFollowsClientsThatGoAway() throws Exception {
    try (var upstream = FakeSmtpServer.start(); var first = Client.connect(upstream);
        var second = Client.connect(upstream)) {
      first.reply();
      second.reply();
      assertEquals(2, upstream.openConnectionCount());
      first.close();
      assertTrue(upstream.awaitOpenConnectionsAtMost(1, WAIT));
      assertEquals(221, second.command("QUIT").code());
      assertTrue(upstream.awaitOpenConnectionsAtMost(0, WAIT));
      assertEquals(2, upstream.connectionCount());
    }
  }

  @Test
  void heloNoopRsetAndUnknownCommandsGetTheirStandardReplies() throws Exception {
    try (var upstream = FakeSmtpServer.start(); var client = Client.connect(upstream)) {
      client.reply();
      assertEquals("250 fake.test", client.command("HELO client.test").toString());
      assertEquals("250 2.0.0 Ok", client.command("NOOP").toString());
      assertEquals("250 2.0.0 Ok", client.command("RSET").toString());
      assertEquals("500 5.5.1 Error: command not recognized", client.command("XYZZY now").toString());
      assertEquals("503 5.5.1 Error: need MAIL command", client.command("RCPT TO:<b@example.net>").toString());
      assertEquals("502 5.5.1 Error: command not implemented", client.command("STARTTLS").toString());
      assertEquals(List.of("HELO client.test", "NOOP", "RSET", "XYZZY now", "RCPT TO:<b@example.net>", "STARTTLS"),
          upstream.commands(0));
    }
  }

  @Test
  void takeTransactionFailsWithAnAssertionErrorWhenNothingArrivesInTime() {
    try (var upstream = FakeSmtpServer.start()) {
      AssertionError error = assertThrows(AssertionError.class, () -> upstream.takeTransaction(Duration.ofMillis(50)));
      assertTrue(error.getMessage().contains("no transaction within"), error.getMessage());
      assertEquals(Optional.empty(), upstream.pollTransaction(Duration.ofMillis(10)));
    }
  }

  @Test
  void closeReleasesAThreadWaitingForATransaction() throws Exception {
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    var upstream = FakeSmtpServer.start();
    Thread waiter = Thread.ofPlatform().name("test-waiter").start(() -> {
      try {
        upstream.takeTransaction(Duration.ofMinutes(1));
      } catch (Throwable t) {
        outcome.set(t);
      }
    });
    upstream.close();
    assertTrue(waiter.join(WAIT), "takeTransaction still waiting after close()");
    assertTrue(outcome.get() instanceof AssertionError, String.valueOf(outcome.get()));
  }

  @Test
  void closeStopsTheNamedAcceptThread() throws Exception {
    Set<Thread> before = threadsNamed("fakesmtp-accept");
    var upstream = FakeSmtpServer.start();
    Set<Thread> ours = threadsNamed("fakesmtp-accept");
    ours.removeAll(before);
    assertEquals(1, ours.size());
    try (var client = Client.connect(upstream)) {
      client.reply();
      upstream.close();
      assertTrue(client.isClosedByPeer());
    }
    assertFalse(ours.iterator().next().isAlive());
  }

  // ---- helpers ----

  private static final String BODY = "Subject: test\r\n\r\nbody\r\n";

  /** Runs the standard dialog up to {@code target} and returns the reply there. */
  private static Reply walkTo(Client client, Phase target) throws IOException {
    return walkTo(client, Phase.GREETING, target);
  }

  /** Runs the standard dialog from {@code from} (GREETING, EHLO or MAIL) to {@code target}. */
  private static Reply walkTo(Client client, Phase from, Phase target) throws IOException {
    List<Phase> steps = List.of(Phase.GREETING, Phase.EHLO, Phase.MAIL, Phase.RCPT, Phase.DATA, Phase.END_OF_DATA,
        Phase.RSET, Phase.QUIT);
    for (Phase step : steps.subList(steps.indexOf(from), steps.size())) {
      Reply reply = switch (step) {
        case GREETING -> client.reply();
        case EHLO -> client.command("EHLO client.test");
        case MAIL -> client.command("MAIL FROM:<sender@example.org>");
        case RCPT -> client.command("RCPT TO:<rcpt@example.net>");
        case DATA -> client.command("DATA");
        case END_OF_DATA -> {
          client.write(bytes(BODY + ".\r\n"));
          yield client.reply();
        }
        case RSET -> client.command("RSET");
        case QUIT -> client.command("QUIT");
        default -> throw new IllegalArgumentException(step.toString());
      };
      if (step == target) {
        return reply;
      }
    }
    throw new IllegalArgumentException("the standard dialog does not reach " + target);
  }

  private static SSLContext trusting(X509Certificate certificate) throws Exception {
    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry("fake", certificate);
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trustStore);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static Set<Thread> threadsNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals(name))
        .collect(Collectors.toSet());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(bytes(text));
  }

  record Reply(int code, List<String> lines) {
    /** The reply as its last line reads on the wire, for one-line replies. */
    @Override
    public String toString() {
      return code + " " + lines.getLast();
    }
  }

  /** A deliberately dumb SMTP client: sends lines, reads replies, nothing else. */
  static final class Client implements AutoCloseable {
    Socket socket;
    InputStream in;
    OutputStream out;

    Client(Socket socket) throws IOException {
      attach(socket);
    }

    static Client connect(FakeSmtpServer server) throws IOException {
      return new Client(new Socket(server.host(), server.port()));
    }

    private void attach(Socket next) throws IOException {
      socket = next;
      socket.setSoTimeout((int) WAIT.toMillis());
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    /** Sends all lines in one write, as a pipelining client does. */
    void send(String... lines) throws IOException {
      write(bytes(String.join("\r\n", lines) + "\r\n"));
    }

    void write(byte[] data) throws IOException {
      out.write(data);
      out.flush();
    }

    Reply command(String line) throws IOException {
      send(line);
      return reply();
    }

    Reply reply() throws IOException {
      List<String> lines = new ArrayList<>();
      while (true) {
        String line = readLine();
        if (line.length() < 4) {
          fail("malformed reply line: '" + line + "'");
        }
        lines.add(line.substring(4));
        if (line.charAt(3) == ' ') {
          return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
        }
      }
    }

    /** True when the server closed or reset the connection; a timeout fails instead. */
    boolean isClosedByPeer() throws IOException {
      try {
        return in.read() == -1;
      } catch (SocketTimeoutException e) {
        throw e;
      } catch (SocketException e) {
        return true;
      }
    }

    void startTls(SSLContext context, String host, int port) throws IOException {
      SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
      SSLParameters parameters = ssl.getSSLParameters();
      // Checks the certificate's SAN against 127.0.0.1, as a careful client would.
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(parameters);
      ssl.startHandshake();
      attach(ssl);
    }

    private String readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int previous = -1;
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException("server closed the connection after '" + line.toString(StandardCharsets.UTF_8) + "'");
        }
        if (previous == '\r' && b == '\n') {
          byte[] bytes = line.toByteArray();
          return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
        }
        line.write(b);
        previous = b;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
