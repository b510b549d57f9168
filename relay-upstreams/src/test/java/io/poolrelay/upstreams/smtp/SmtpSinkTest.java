package io.poolrelay.upstreams.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.DeliveryOutcome.Deferred;
import io.poolrelay.upstreams.DeliveryOutcome.Delivered;
import io.poolrelay.upstreams.DeliveryOutcome.Rejected;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.MessageContent;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.time.SystemTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against Postfix's smtp-sink: load through the pool, and its fault injection flags. */
class SmtpSinkTest {

  private static final MessageContent MESSAGE = MessageContent.of((
      "From: load@example.org\r\nTo: sink@example.net\r\nSubject: load\r\n\r\n" + "x".repeat(76) + "\r\n")
      .getBytes(StandardCharsets.US_ASCII));

  @BeforeAll
  static void needsSmtpSink() {
    assertTrue(SmtpSink.installed(), "Postfix smtp-sink is missing: bin/test installs it");
  }

  private static Envelope envelope(String id, String... recipients) {
    return new Envelope(id, "sender@example.org", List.of(recipients));
  }

  @Test
  void thousandMessagesFromTwentyThreadsUseAtMostTenConnections() throws Exception {
    int messages = 1_000;
    int threads = 20;
    try (SmtpSink sink = SmtpSink.start();
        ConnectionCountingProxy proxy = new ConnectionCountingProxy(sink.port());
        SmtpUpstream upstream = new SmtpUpstream(
            UpstreamConfigs.onPort(proxy.port()).maxConnections(10).maxMessagesPerConnection(1_000).build(),
            new SystemTime())) {
      AtomicInteger next = new AtomicInteger();
      AtomicInteger delivered = new AtomicInteger();
      List<String> failures = new ArrayList<>();
      long started = System.nanoTime();
      try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          done.add(workers.submit(() -> {
            for (int n; (n = next.getAndIncrement()) < messages; ) {
              TransactionResult result = upstream.deliver(envelope("load-" + n, "rcpt" + n + "@example.net"), MESSAGE);
              if (result.allDelivered()) {
                delivered.incrementAndGet();
              } else {
                synchronized (failures) {
                  failures.add(result.toString());
                }
              }
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get(120, TimeUnit.SECONDS);
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      assertEquals(List.of(), failures.stream().limit(3).toList());
      assertEquals(messages, delivered.get());
      assertEquals(messages, sink.awaitMessages(messages, Duration.ofSeconds(30)));
      assertTrue(proxy.peakConnections() <= 10, "peak connections " + proxy.peakConnections());
      System.out.printf("smtp-sink load: %d messages, %d threads, %d connections (peak %d) in %.2f s = %.0f msg/s%n",
          messages, threads, proxy.totalConnections(), proxy.peakConnections(), seconds, messages / seconds);
    }
  }

  @Test
  void rejectedRcptIsRejectedForThatRecipient() throws Exception {
    try (SmtpSink sink = SmtpSink.start("-f", "RCPT");
        SmtpUpstream upstream = new SmtpUpstream(UpstreamConfigs.onPort(sink.port()).build(), new SystemTime())) {
      TransactionResult result = upstream.deliver(envelope("f1", "a@example.net", "b@example.net"), MESSAGE);
      for (var outcome : result.outcomes()) {
        Rejected rejected = assertInstanceOf(Rejected.class, outcome.outcome());
        assertEquals(FailureScope.RECIPIENT, rejected.scope());
        assertEquals(500, rejected.reply().code());
        assertEquals("RCPT", rejected.reply().command());
      }
      assertEquals(0, sink.awaitMessages(1, Duration.ofMillis(200)));
    }
  }

  @Test
  void rcptCodeListedInFailoverOnBecomesUpstreamScope() throws Exception {
    try (SmtpSink sink = SmtpSink.start("-f", "RCPT");
        SmtpUpstream upstream = new SmtpUpstream(
            UpstreamConfigs.onPort(sink.port()).failoverOn(500).build(), new SystemTime())) {
      var outcome = upstream.deliver(envelope("f2", "a@example.net"), MESSAGE).outcomes().get(0).outcome();
      assertEquals(FailureScope.UPSTREAM, assertInstanceOf(Rejected.class, outcome).scope());
    }
  }

  @Test
  void transientMailReplyDefersEveryRecipientAtUpstreamScope() throws Exception {
    try (SmtpSink sink = SmtpSink.start("-r", "MAIL");
        SmtpUpstream upstream = new SmtpUpstream(UpstreamConfigs.onPort(sink.port()).build(), new SystemTime())) {
      TransactionResult result = upstream.deliver(envelope("f3", "a@example.net", "b@example.net"), MESSAGE);
      for (var outcome : result.outcomes()) {
        Deferred deferred = assertInstanceOf(Deferred.class, outcome.outcome());
        assertEquals(FailureScope.UPSTREAM, deferred.scope());
        assertEquals(450, deferred.reply().code());
        assertEquals("4.3.0", deferred.reply().enhancedStatus());
      }
      // RSET after the failed transaction left the connection usable: the next one goes out on it.
      assertEquals(1, upstream.openConnections());
    }
  }

  @Test
  void permanentReplyToTheFinalDotRejectsTheMessage() throws Exception {
    try (SmtpSink sink = SmtpSink.start("-f", ".");
        SmtpUpstream upstream = new SmtpUpstream(UpstreamConfigs.onPort(sink.port()).build(), new SystemTime())) {
      var outcome = upstream.deliver(envelope("f4", "a@example.net"), MESSAGE).outcomes().get(0).outcome();
      Rejected rejected = assertInstanceOf(Rejected.class, outcome);
      assertEquals(FailureScope.MESSAGE, rejected.scope());
      assertEquals("END_OF_DATA", rejected.reply().command());
    }
  }

  @Test
  void disconnectAfterTheFinalDotIsAmbiguous() throws Exception {
    try (SmtpSink sink = SmtpSink.start("-q", ".");
        SmtpUpstream upstream = new SmtpUpstream(UpstreamConfigs.onPort(sink.port()).build(), new SystemTime())) {
      var outcome = upstream.deliver(envelope("f5", "a@example.net"), MESSAGE).outcomes().get(0).outcome();
      Deferred deferred = assertInstanceOf(Deferred.class, outcome);
      assertEquals(FailureScope.MESSAGE, deferred.scope());
      assertTrue(deferred.ambiguous());
      assertEquals("END_OF_DATA", deferred.reply().command());
      assertEquals(0, upstream.openConnections());
    }
  }

  @Test
  void serviceClosingAtDataDefersAtUpstreamScopeAndDropsTheConnection() throws Exception {
    try (SmtpSink sink = SmtpSink.start("-Q", "DATA");
        SmtpUpstream upstream = new SmtpUpstream(UpstreamConfigs.onPort(sink.port()).build(), new SystemTime())) {
      var outcome = upstream.deliver(envelope("f6", "a@example.net"), MESSAGE).outcomes().get(0).outcome();
      Deferred deferred = assertInstanceOf(Deferred.class, outcome);
      assertEquals(421, deferred.reply().code());
      assertEquals(FailureScope.UPSTREAM, deferred.scope());
      assertTrue(!deferred.ambiguous());
      assertEquals(0, upstream.openConnections());
    }
  }

  @Test
  void plainDeliveryIsDelivered() throws Exception {
    try (SmtpSink sink = SmtpSink.start();
        SmtpUpstream upstream = new SmtpUpstream(UpstreamConfigs.onPort(sink.port()).build(), new SystemTime())) {
      var outcome = upstream.deliver(envelope("ok", "a@example.net"), MESSAGE).outcomes().get(0).outcome();
      assertInstanceOf(Delivered.class, outcome);
      assertEquals(1, sink.awaitMessages(1, Duration.ofSeconds(5)));
    }
  }
}
