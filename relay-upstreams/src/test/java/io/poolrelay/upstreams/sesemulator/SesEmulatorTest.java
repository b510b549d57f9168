package io.poolrelay.upstreams.sesemulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.sesstub.StubAccount;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;

/** Proves the emulator helper with the real SDK: sends reach its store, GetAccount answers the account given. */
class SesEmulatorTest {

  private static final String MESSAGE = "From: Sender <sender@example.org>\r\nTo: rcpt@example.net\r\n"
      + "Cc: cc@example.net\r\nSubject: emulated\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello there\r\n";

  @Test
  void rawSendEmailReachesTheStore() {
    try (var ses = SesEmulator.start(); var client = client(ses.endpoint())) {
      String messageId = client.sendEmail(r -> r
          .fromEmailAddress("sender@example.org")
          .destination(d -> d.toAddresses("rcpt@example.net"))
          .content(c -> c.raw(raw -> raw.data(SdkBytes.fromString(MESSAGE, StandardCharsets.UTF_8)))))
          .messageId();

      List<EmulatorEmail> store = ses.store();
      assertEquals(1, store.size());
      EmulatorEmail email = store.getFirst();
      assertEquals(messageId, email.messageId());
      assertEquals("\"Sender\" <sender@example.org>", email.from()); // As the emulator's mail parser prints it.
      assertEquals(List.of("rcpt@example.net"), email.to()); // From the To header: the emulator ignores Destination.
      assertEquals(List.of("cc@example.net"), email.cc());
      assertEquals("emulated", email.subject());
      assertEquals("hello there", email.text().orElseThrow().strip());
      assertTrue(email.at() > 0);
    }
  }

  @Test
  void clearStoreEmptiesTheStore() {
    try (var ses = SesEmulator.start(); var client = client(ses.endpoint())) {
      client.sendEmail(r -> r.content(c -> c.raw(raw -> raw.data(SdkBytes.fromString(MESSAGE, StandardCharsets.UTF_8)))));
      assertEquals(1, ses.store().size());

      ses.clearStore();

      assertEquals(List.of(), ses.store());
    }
  }

  @Test
  void getAccountReturnsTheConfiguredQuota() {
    StubAccount account = StubAccount.sandbox().withMax24HourSend(500).withMaxSendRate(2.5).withSentLast24Hours(42)
        .withEnforcementStatus("PROBATION");
    try (var ses = SesEmulator.start(account); var client = client(ses.endpoint())) {
      GetAccountResponse response = client.getAccount(r -> {});

      assertEquals(500.0, response.sendQuota().max24HourSend());
      assertEquals(2.5, response.sendQuota().maxSendRate());
      assertEquals(42.0, response.sendQuota().sentLast24Hours());
      assertFalse(response.productionAccessEnabled());
      assertTrue(response.sendingEnabled());
      assertEquals("PROBATION", response.enforcementStatus());
    }
  }

  @Test
  void closeStopsTheProcess() {
    var ses = SesEmulator.start();
    int port = ses.port();

    ses.close();

    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
  }

  @Test
  void missingPackageFailsSayingToRunTheInstaller(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("bin"));
    Files.writeString(root.resolve("bin/install-test-peers"), "#!/bin/sh\n");
    Path module = Files.createDirectories(root.resolve("relay-upstreams"));

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> EmulatorInstall.locate(module, System.getenv("PATH")));
    assertTrue(e.getMessage().contains("aws-ses-v2-local is not installed"), e.getMessage());
    assertTrue(e.getMessage().endsWith("run bin/install-test-peers"), e.getMessage());
  }

  @Test
  void missingNodeFailsSayingToRunTheInstaller() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> EmulatorInstall.locate(Path.of("").toAbsolutePath(), "/nonexistent"));
    assertEquals("sesemulator: node is not installed (no executable 'node' on the PATH): run bin/install-test-peers",
        e.getMessage());
  }

  private static SesV2Client client(URI endpoint) {
    return SesV2Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEMULATOR", "emulator-secret")))
        .httpClient(Apache5HttpClient.builder().build())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
