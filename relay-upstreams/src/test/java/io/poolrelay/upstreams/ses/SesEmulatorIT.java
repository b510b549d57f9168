package io.poolrelay.upstreams.ses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.MessageContent;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.limits.AccountObserver;
import io.poolrelay.upstreams.limits.ProviderAccount;
import io.poolrelay.upstreams.sesemulator.EmulatorEmail;
import io.poolrelay.upstreams.sesemulator.SesEmulator;
import io.poolrelay.upstreams.sesstub.StubAccount;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link SesUpstream} and {@link SesCheck} against the {@code aws-ses-v2-local} emulator: an SES written by
 * someone else, so the requests are checked by a parser that is not ours. (The emulator keeps parsed mail,
 * no raw bytes or tags, and takes recipients from the headers; those are {@link SesUpstreamIT}'s job.)
 */
class SesEmulatorIT {

  private static final String MESSAGE = "From: App <app@app.example>\r\n"
      + "To: Reader <reader@example.net>\r\n"
      + "Subject: emulated delivery\r\n"
      + "Message-ID: <emulator-1@app.example>\r\n"
      + "Content-Type: text/plain; charset=utf-8\r\n"
      + "\r\n"
      + "Hello from the relay.\r\n";

  @Test
  void messageSentThroughTheUpstreamReachesTheEmulatorsStore() throws InterruptedException {
    try (var ses = SesEmulator.start();
        var upstream = SesConfigs.at(ses.endpoint()).name("ses-emulated").configurationSet("relay-events")
            .tags("env", "test").upstream()) {
      Envelope envelope = new Envelope("q-emu", "app@app.example", List.of("reader@example.net"), "marketing",
          Map.of("X-Campaign-Type", "newsletter"));

      TransactionResult result =
          upstream.deliver(envelope, MessageContent.of(MESSAGE.getBytes(StandardCharsets.UTF_8)));

      assertTrue(result.allDelivered(), result.toString());
      DeliveryOutcome.Delivered delivered =
          assertInstanceOf(DeliveryOutcome.Delivered.class, result.outcomes().getFirst().outcome());
      List<EmulatorEmail> store = ses.store();
      assertEquals(1, store.size());
      EmulatorEmail email = store.getFirst();
      assertEquals(delivered.upstreamId(), email.messageId());
      assertEquals("emulated delivery", email.subject());
      assertEquals("\"App\" <app@app.example>", email.from()); // The From header, as the emulator's parser prints it.
      assertEquals(List.of("\"Reader\" <reader@example.net>"), email.to());
      assertEquals("Hello from the relay.", email.text().orElseThrow().strip());
    }
  }

  @Test
  void checkReadsTheAccountTheEmulatorWasGiven() {
    StubAccount given = StubAccount.sandbox().withMax24HourSend(500).withMaxSendRate(2.5).withSentLast24Hours(42);
    List<ProviderAccount> told = new CopyOnWriteArrayList<>();
    AccountObserver observer = new AccountObserver() {
      @Override
      public void accountRead(ProviderAccount account) {
        told.add(account);
      }

      @Override
      public void accountUnreadable(String reason) {
        throw new AssertionError("account unreadable: " + reason);
      }
    };
    try (var ses = SesEmulator.start(given); var upstream = SesConfigs.at(ses.endpoint()).upstream()) {
      SesCheck.Result result = new SesCheck(upstream, observer).run();

      ProviderAccount expected =
          new ProviderAccount(OptionalLong.of(500), OptionalDouble.of(2.5), 42, true, true, "HEALTHY");
      assertTrue(result.ok(), result.toString());
      assertEquals(Optional.of(expected), result.account());
      assertEquals("500/24h, 2.5/s, 42 sent in 24h, sandbox", expected.summary());
      assertEquals(List.of(expected), told);
    }
  }
}
