package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.RecordedTransaction;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.io.ByteArrayOutputStream;
import io.poolrelay.server.log.LogFormat;
import io.poolrelay.server.log.LogOutput;
import io.poolrelay.server.log.RelayLoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STARTTLS and AUTH on a listener, end to end: a relay in-process, fake upstreams, and a client that
 * upgrades its socket with a context trusting the test certificate.
 */
class ListenerAuthIT {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String PASSWORD = "correct horse";
  private static final String BODY = "From: app@example.com\r\nSubject: auth\r\n\r\nbody\r\n";

  @TempDir
  static Path identityDir;

  private static PemIdentity identity;
  private static String hash;
  private static SSLContext trusting;

  @TempDir
  Path dir;

  private FakeSmtpServer crmUpstream;
  private FakeSmtpServer mainUpstream;

  @BeforeAll
  static void makeIdentity() throws Exception {
    identity = PemIdentity.generate(identityDir, "RSA");
    hash = BCrypt.withDefaults().hashToString(4, PASSWORD.toCharArray());
    trusting = identity.clientContext();
  }

  @BeforeEach
  void startUpstreams() {
    crmUpstream = FakeSmtpServer.start();
    mainUpstream = FakeSmtpServer.start();
  }

  @AfterEach
  void stopUpstreams() {
    crmUpstream.close();
    mainUpstream.close();
  }

  private String config(String allowedNetworks) {
    return """
        listeners:
          - name: default
            address: 127.0.0.1:0
            allowed_networks: [%s]
            tls: { certificate: "%s", key: "%s" }
            auth: { users: { crm: "%s", ops: "%s" } }
        upstreams:
          crmup: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
          mainup: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
        pools:
          crm: { members: [ { upstream: crmup } ] }
          all: { members: [ { upstream: mainup } ] }
        routing:
          routes:
            - { match: { authenticated_user: crm }, pool: crm }
          default_pool: all
        """.formatted(allowedNetworks, identity.certificate(), identity.key(), hash, hash, crmUpstream.port(),
        mainUpstream.port());
  }

  private static String plain(String user, String password) {
    return "AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Connects, says EHLO, upgrades to TLS and says EHLO again. */
  private static SmtpDialog tlsSession(RunningRelay relay) throws Exception {
    SmtpDialog client = SmtpDialog.connect(relay.port());
    SmtpDialog.expect(client.command("EHLO app.test"), "250");
    SmtpDialog.expect(client.startTls(trusting), "220 2.0.0");
    SmtpDialog.expect(client.command("EHLO app.test"), "250");
    return client;
  }

  @Test
  void authIsOfferedAndAcceptedOnlyAfterStartTls() throws Exception {
    try (RunningRelay relay = RunningRelay.start(dir, config("127.0.0.0/8"));
        SmtpDialog client = SmtpDialog.connect(relay.port())) {
      String clearEhlo = client.command("EHLO app.test");
      assertTrue(clearEhlo.contains("250-STARTTLS"), clearEhlo);
      assertFalse(clearEhlo.contains("AUTH"), clearEhlo);
      assertEquals("538 5.7.11 Encryption required for requested authentication mechanism",
          client.command(plain("crm", PASSWORD)));

      assertEquals("220 2.0.0 Ready to start TLS", client.startTls(trusting));
      assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(client.tlsProtocol()), client.tlsProtocol());
      // RFC 3207 section 4.2: the EHLO before TLS is forgotten.
      SmtpDialog.expect(client.command("MAIL FROM:<app@example.com>"), "503 5.5.1");

      String tlsEhlo = client.command("EHLO app.test");
      assertTrue(tlsEhlo.contains("250-AUTH PLAIN LOGIN"), tlsEhlo);
      assertFalse(tlsEhlo.contains("STARTTLS"), tlsEhlo);
      SmtpDialog.expect(client.command("STARTTLS"), "503 5.5.1");
      assertEquals("235 2.7.0 Authentication successful", client.command(plain("crm", PASSWORD)));
    }
  }

  @Test
  void authenticatedUserIsRoutedToItsPool() throws Exception {
    try (RunningRelay relay = RunningRelay.start(dir, config("127.0.0.0/8"))) {
      try (SmtpDialog client = tlsSession(relay)) {
        SmtpDialog.expect(client.command(plain("crm", PASSWORD)), "235 2.7.0");
        SmtpDialog.expect(client.sendMessage("app@example.com", List.of("user@example.net"), BODY), "250 2.0.0");
      }
      RecordedTransaction received = crmUpstream.takeTransaction(WAIT);
      assertEquals(List.of("user@example.net"), received.rcptTo());

      // The same client without AUTH relays from allowed_networks as before, through the default pool.
      try (SmtpDialog client = tlsSession(relay)) {
        SmtpDialog.expect(client.sendMessage("app@example.com", List.of("other@example.net"), BODY), "250 2.0.0");
      }
      assertEquals(List.of("other@example.net"), mainUpstream.takeTransaction(WAIT).rcptTo());
      relay.awaitEmptyQueue(WAIT);
      assertEquals(1, crmUpstream.transactions().size());
    }
  }

  @Test
  void wrongPasswordAndUnknownUserGet535AndAreLoggedWithoutThePassword() throws Exception {
    LogOutput output = ((RelayLoggerFactory) LoggerFactory.getILoggerFactory()).output();
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    output.configure(LogFormat.TEXT, Level.INFO, logged);
    try (RunningRelay relay = RunningRelay.start(dir, config("127.0.0.0/8"));
        SmtpDialog client = tlsSession(relay)) {
      assertEquals("535 5.7.8 Authentication credentials invalid", client.command(plain("crm", "wrong-pw-1")));
      assertEquals("535 5.7.8 Authentication credentials invalid", client.command(plain("nobody", PASSWORD)));
      assertEquals("235 2.7.0 Authentication successful", client.command(plain("ops", PASSWORD)));
    } finally {
      output.configure(LogFormat.TEXT, Level.INFO, System.out);
    }
    List<String> lines = logged.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.contains(" AuthCommand: "))
        .map(l -> l.substring(l.indexOf(" AuthCommand: ") + " AuthCommand: ".length()))
        .toList();
    assertTrue(lines.contains("listener=default client=127.0.0.1 auth failed user=crm"), lines.toString());
    assertTrue(lines.contains("listener=default client=127.0.0.1 auth failed user=nobody"), lines.toString());
    assertTrue(lines.contains("listener=default client=127.0.0.1 authenticated user=ops"), lines.toString());
    assertTrue(lines.stream().noneMatch(l -> l.contains("wrong-pw-1") || l.contains(PASSWORD)), lines.toString());
  }

  @Test
  void clientOutsideAllowedNetworksMayConnectButMustAuthenticateToRelay() throws Exception {
    try (RunningRelay relay = RunningRelay.start(dir, config("10.0.0.0/8"))) {
      try (SmtpDialog client = tlsSession(relay)) {
        assertEquals("530 5.7.0 Authentication required", client.command("MAIL FROM:<app@example.com>"));
        SmtpDialog.expect(client.command(plain("crm", PASSWORD)), "235 2.7.0");
        SmtpDialog.expect(client.sendMessage("app@example.com", List.of("user@example.net"), BODY), "250 2.0.0");
      }
      assertEquals(List.of("user@example.net"), crmUpstream.takeTransaction(WAIT).rcptTo());
    }
  }

  @Test
  void clientOutsideAllowedNetworksIsRefusedAtConnectWhenTheListenerHasNoAuth() throws Exception {
    String noAuth = config("10.0.0.0/8").replaceAll("(?m)^    (tls|auth): .*\\n", "");
    try (RunningRelay relay = RunningRelay.start(dir, noAuth);
        SmtpDialog client = SmtpDialog.connect(relay.port())) {
      SmtpDialog.expect(client.greeting(), "554 5.7.1");
      assertNull(client.readReply());
    }
  }

  @Test
  void jakartaMailSendsWithStartTlsRequiredAndAuth() throws Exception {
    try (RunningRelay relay = RunningRelay.start(dir, config("10.0.0.0/8"))) {
      Properties properties = new Properties();
      properties.put("mail.smtp.host", "127.0.0.1");
      properties.put("mail.smtp.port", String.valueOf(relay.port()));
      properties.put("mail.smtp.starttls.enable", "true");
      properties.put("mail.smtp.starttls.required", "true");
      properties.put("mail.smtp.auth", "true");
      properties.put("mail.smtp.ssl.socketFactory", trusting.getSocketFactory());
      properties.put("mail.smtp.ssl.checkserveridentity", "true");
      properties.put("mail.smtp.connectiontimeout", "5000");
      properties.put("mail.smtp.timeout", "15000");
      MimeMessage message = new MimeMessage(Session.getInstance(properties));
      message.setFrom(new InternetAddress("app@example.com"));
      message.setRecipient(Message.RecipientType.TO, new InternetAddress("user@example.net"));
      message.setSubject("from Jakarta Mail");
      message.setText("body");

      Transport.send(message, "crm", PASSWORD);

      RecordedTransaction received = crmUpstream.takeTransaction(WAIT);
      assertTrue(received.dataAsString().contains("Subject: from Jakarta Mail"), received.dataAsString());
      assertTrue(received.dataAsString().contains("ESMTPS"), "trace header should say ESMTPS");
    }
  }
}
