package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.sesstub.RecordedSend;
import io.poolrelay.upstreams.sesstub.SesErrorAnswers;
import io.poolrelay.upstreams.sesstub.SesStub;
import io.poolrelay.upstreams.sesstub.StubAccount;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code poolrelay test-upstream} and {@code send-test} for an SES upstream, against the tests' SES v2 stub:
 * success shows the account's quota, and each failure names its stage (CREDENTIALS, ENDPOINT, ACCOUNT, SEND).
 */
class SesUpstreamCommandsIT {

  private static final String SECRET = "ses-test-s3cret";

  @TempDir
  Path dir;

  private static String run(String... args) {
    return Cli.run(args);
  }

  private String config(URI endpoint, String extra) throws Exception {
    return Files.writeString(dir.resolve("relay.yaml"), """
        upstreams:
          ses: { type: ses, region: eu-west-1, endpoint: "%s", access_key_id: AKIDTEST, secret_access_key: %s,
                 connect_timeout: 2s, command_timeout: 5s %s }
        pools:
          all: { members: [ { upstream: ses } ] }
        routing: { default_pool: all }
        """.formatted(endpoint, SECRET, extra)).toString();
  }

  @Test
  void testUpstreamShowsTheAccountOrTheStageThatFailed() throws Exception {
    try (SesStub stub = SesStub.start(StubAccount.sandbox(), true)) {
      String ok = run("test-upstream", "ses", "--config", config(stub.endpoint(), ""));
      assertEquals("0\nses: Connection successful (SES account in eu-west-1 at " + stub.endpoint()
          + ": 200/24h, 1/s, 0 sent in 24h, sandbox)\n", ok);

      stub.enqueueAccount(SesErrorAnswers.unrecognizedClient());
      String badKey = run("test-upstream", "ses", "--config", config(stub.endpoint(), ""));
      assertTrue(badKey.startsWith("1\nses: Connection failed at CREDENTIALS: "), badKey);
      assertFalse(badKey.contains(SECRET), "never the secret: " + badKey);

      stub.setAccount(StubAccount.production().withSendingEnabled(false));
      String stopped = run("test-upstream", "ses", "--config", config(stub.endpoint(), ""));
      assertTrue(stopped.startsWith("1\nses: Connection failed at ACCOUNT: "), stopped);
      assertTrue(stopped.contains("sending disabled"), stopped);

      stub.setAccount(StubAccount.production());
      stub.enqueueAccount(SesErrorAnswers.accessDenied("ses:GetAccount"));
      String denied = run("test-upstream", "ses", "--config", config(stub.endpoint(), ""));
      assertTrue(denied.startsWith("0\nses: Connection successful (credentials accepted; account not readable"),
          denied);
      assertTrue(denied.contains("configured limits apply"), denied);
    }
    String refused = run("test-upstream", "ses", "--config", config(SesStub.refusingEndpoint(), ""));
    assertTrue(refused.startsWith("1\nses: Connection failed at ENDPOINT: "), refused);
  }

  @Test
  void sendTestSendsThroughSesAndShowsItsMessageIdOrTheStageThatFailed() throws Exception {
    try (SesStub stub = SesStub.start(StubAccount.production(), true)) {
      String sent = run("send-test", "ses", "--to", "ops@example.net", "--from", "me@example.com", "--config",
          config(stub.endpoint(), ", envelope_from: bounces@mail.example.com"));
      RecordedSend received = stub.takeSend(Duration.ofSeconds(5));
      assertEquals("0\nses: sent to <ops@example.net>: 250 2.0.0 SES accepted it as " + received.messageId().orElseThrow()
          + " (upstream_id " + received.messageId().orElseThrow() + ")\n", sent);
      assertEquals(List.of("ops@example.net"), received.to());
      assertEquals("bounces@mail.example.com", received.fromEmailAddress().orElseThrow(), "sent with the rewrite");

      stub.enqueueSend(SesErrorAnswers.messageRejected("Email address contains a virus."));
      String rejected = run("send-test", "ses", "--to", "ops@example.net", "--config", config(stub.endpoint(), ""));
      assertTrue(rejected.startsWith("1\nses: not sent to <ops@example.net>: failed at SEND: 550 5.7.1 SES MessageRejected:"),
          rejected);

      stub.enqueueAccount(SesErrorAnswers.expiredToken());
      String expired = run("send-test", "ses", "--to", "ops@example.net", "--config", config(stub.endpoint(), ""));
      assertTrue(expired.startsWith("1\nses: not sent to <ops@example.net>: failed at CREDENTIALS: "), expired);
    }
  }
}
