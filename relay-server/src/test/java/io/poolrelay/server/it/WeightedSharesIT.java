package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weighted pools split real traffic by weight: 3,000 messages through weights 10 and 5. */
class WeightedSharesIT {

  private static final int MESSAGES = 3000;
  private static final int CLIENTS = 6;

  @TempDir
  Path dir;

  @Test
  void weightedPoolSplitsMessagesByWeightWithinOnePercent() throws Exception {
    try (FakeSmtpServer heavy = FakeSmtpServer.start();
        FakeSmtpServer light = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, """
            listeners: [ { name: default, address: 127.0.0.1:0 } ]
            upstreams:
              heavy: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
              light: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
            pools:
              all: { strategy: weighted, members: [ { upstream: heavy, weight: 10 }, { upstream: light, weight: 5 } ] }
            routing: { default_pool: all }
            """.formatted(heavy.port(), light.port()))) {
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      try {
        List<Future<Integer>> sent = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          sent.add(clients.submit(() -> {
            int count = 0;
            try (SmtpDialog client = SmtpDialog.connect(relay.port())) {
              SmtpDialog.expect(client.command("EHLO app.test"), "250");
              for (int i = 0; i < MESSAGES / CLIENTS; i++) {
                SmtpDialog.expect(client.sendMessage("app@example.com", List.of("user@example.net"),
                    "Subject: share " + i + "\r\n\r\nbody\r\n"), "250 2.0.0");
                count++;
              }
            }
            return count;
          }));
        }
        int total = 0;
        for (Future<Integer> future : sent) {
          total += future.get();
        }
        assertEquals(MESSAGES, total);
      } finally {
        clients.shutdownNow();
      }
      relay.awaitEmptyQueue(Duration.ofSeconds(60));
      int heavyCount = heavy.transactions().size();
      int lightCount = light.transactions().size();
      assertEquals(MESSAGES, heavyCount + lightCount);
      double heavyShare = heavyCount / (double) MESSAGES;
      assertTrue(Math.abs(heavyShare - 2.0 / 3.0) <= 0.01,
          "heavy got " + heavyCount + " of " + MESSAGES + " (" + heavyShare + "), wanted 2/3 within 1%");
    }
  }
}
