package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.Phase;
import io.poolrelay.upstreams.fakesmtp.RecordedTransaction;
import io.poolrelay.upstreams.fakesmtp.Script;
import io.poolrelay.upstreams.fakesmtp.SocketEffect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM drains the relay instead of dropping it. Clients send while the relay delivers to a slow
 * fake upstream (so a backlog sits in the spool); one client is in the middle of DATA when SIGTERM
 * arrives. That transaction must still be answered 250; a connection made during the drain must get
 * 421 4.3.2 (the socket still accepts); the relay must exit 0; and every message answered 250 must be
 * at the upstream or, by its queue id, in the spool. A second start on the same spool delivers the rest.
 */
class ShutdownIT {

  private static final int CLIENTS = 4;
  private static final int ACKS_BEFORE_SIGTERM = 40;
  /** Slows the upstream's reply to the final dot, so that accepted mail piles up in the spool. */
  private static final Duration UPSTREAM_DELAY = Duration.ofMillis(200);
  /** Also the relay's max_active: deliveries under way at SIGTERM, which the drain lets finish. */
  private static final int UPSTREAM_CONNECTIONS = 2;
  private static final Duration START_DEADLINE = Duration.ofSeconds(60);
  private static final Duration EXIT_DEADLINE = Duration.ofSeconds(40);
  private static final String QUEUED = "250 2.0.0 Ok: queued as ";
  private static final String SHUTTING_DOWN = "421 4.3.2 ";
  private static final Pattern MESSAGE_ID = Pattern.compile("(?m)^Message-ID: <([^>\r\n]+)>\r?$");
  private static final List<String> QUEUE_DIRECTORIES = List.of("incoming", "active", "deferred");

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void sigtermFinishesTheDataUnderWayRefusesNewWorkKeepsTheRestSpooledAndExitsZero() throws Exception {
    Path spool = dir.resolve("spool");
    Script slow = Script.accepting().on(Phase.END_OF_DATA, SocketEffect.delay(UPSTREAM_DELAY));
    List<RelayProcess> incarnations = new ArrayList<>();
    Clients clients = new Clients();
    try (FakeSmtpServer upstream = FakeSmtpServer.start(slow)) {
      Path config = dir.resolve("relay.yaml");
      Files.writeString(config, config(upstream.port(), spool));
      RelayProcess relay = RelayProcess.start(config, dir.resolve("relay-0.log"), START_DEADLINE);
      incarnations.add(relay);
      try {
        clients.start(relay.port());
        Await.until(Duration.ofSeconds(30), ACKS_BEFORE_SIGTERM + " acknowledgements",
            () -> clients.acknowledged().size() >= ACKS_BEFORE_SIGTERM || clients.finished());

        // One client stops in the middle of DATA: half of its message is sent, the final dot is not.
        SmtpDialog midData = SmtpDialog.connect(relay.port());
        SmtpDialog.expect(midData.command("EHLO mid-data.test"), "250");
        SmtpDialog.expect(midData.command("MAIL FROM:<mid@client.test>"), "250");
        SmtpDialog.expect(midData.command("RCPT TO:<sink@upstream.test>"), "250");
        SmtpDialog.expect(midData.command("DATA"), "354");
        String midBody = body("mid-data");
        int half = midBody.length() / 2;
        midData.send(midBody.substring(0, half).getBytes(StandardCharsets.US_ASCII));

        relay.terminate();
        Await.until(Duration.ofSeconds(20), "the relay to log that it drains",
            () -> !relay.linesContaining("shutdown: draining").isEmpty());

        // The drain waits for the DATA under way, so the listening socket is still open: 421, not refused.
        String lateGreeting;
        try (SmtpDialog late = SmtpDialog.connect(relay.port())) {
          lateGreeting = late.greeting();
          assertEquals(null, late.readReply(), "the relay closes a connection it answered 421");
        }
        assertTrue(lateGreeting != null && lateGreeting.startsWith(SHUTTING_DOWN)
                && lateGreeting.endsWith("shutting down, try again later"),
            "greeting to a connection made during the drain: " + lateGreeting);

        midData.send((midBody.substring(half) + ".\r\n").getBytes(StandardCharsets.US_ASCII));
        String midReply = midData.readReply();
        SmtpDialog.expect(midReply, QUEUED);
        clients.acknowledged().put("mid-data@shutdown.test", midReply.substring(QUEUED.length()));
        assertTrue(midData.command("MAIL FROM:<mid@client.test>").startsWith(SHUTTING_DOWN),
            "MAIL after the drain began is refused with 421");
        midData.close();

        int exit = relay.awaitExit(EXIT_DEADLINE);
        clients.stop(Duration.ofSeconds(30));
        assertEquals(0, exit, "exit status after SIGTERM and a clean drain");
        assertEquals(1, relay.linesContaining("shutdown: draining, ").size(), relay.logText());
        assertEquals(1, relay.linesContaining("shutdown: drained in ").size(), "the drain ended cleanly:\n"
            + relay.logText().lines().filter(l -> l.contains("shutdown:")).toList());
        assertTrue(clients.refusedWith421() > 0, "no client was refused with 421 during the drain");

        // Nothing acknowledged is lost: each is at the upstream or, under its queue id, in the spool.
        Map<String, String> acknowledged = Map.copyOf(clients.acknowledged());
        Set<String> delivered = deliveredMessageIds(upstream);
        Set<String> spooled = spooledQueueIds(spool);
        List<String> lost = acknowledged.entrySet().stream()
            .filter(e -> !delivered.contains(e.getKey()) && !spooled.contains(e.getValue()))
            .map(e -> e.getKey() + " (queue id " + e.getValue() + ")").sorted().toList();
        assertEquals(List.of(), lost, "acknowledged, but neither at the upstream nor in the spool after exit");
        int undelivered = (int) acknowledged.keySet().stream().filter(id -> !delivered.contains(id)).count();
        assertTrue(undelivered > 0, "the slow upstream should have left a backlog in the spool; acknowledged="
            + acknowledged.size() + " delivered=" + delivered.size());
        System.out.println("shutdown test: acknowledged=" + acknowledged.size() + " delivered_before_exit="
            + (acknowledged.size() - undelivered) + " spooled_at_exit=" + spooled.size() + " refused_421="
            + clients.refusedWith421() + " " + relay.linesContaining("shutdown: d"));

        // The next start delivers the rest.
        RelayProcess second = RelayProcess.start(config, dir.resolve("relay-1.log"), START_DEADLINE);
        incarnations.add(second);
        assertTrue(second.recovered() >= undelivered, "recovered " + second.recovered() + " of " + undelivered);
        Await.until(Duration.ofSeconds(60), "the upstream to receive all " + acknowledged.size() + " acknowledged messages",
            () -> deliveredMessageIds(upstream).containsAll(acknowledged.keySet()));
        Await.until(Duration.ofSeconds(30), "the spool queues to empty", () -> spooledQueueIds(spool).isEmpty());
        second.terminate();
        assertEquals(0, second.awaitExit(EXIT_DEADLINE), "exit status of an idle relay after SIGTERM");
        assertEquals(List.of(), upstream.protocolViolations(), "SMTP rules the relay broke");
      } catch (Throwable failure) {
        for (RelayProcess incarnation : incarnations) {
          incarnation.printTail(40);
        }
        throw failure;
      } finally {
        clients.stop(Duration.ofSeconds(30));
        for (RelayProcess incarnation : incarnations) {
          incarnation.close();
        }
      }
    }
  }

  private static String config(int upstreamPort, Path spool) {
    return """
        listeners: [ { name: default, address: 127.0.0.1:0 } ]
        upstreams:
          fake: { type: smtp, host: 127.0.0.1, port: %d, tls: none, max_connections: %d }
        pools:
          all: { members: [ { upstream: fake } ] }
        routing: { default_pool: all }
        admin: { address: 127.0.0.1:0 }
        spool: { directory: "%s", retry: { schedule: [1s], max_age: 1h }, max_active: %d }
        """.formatted(upstreamPort, UPSTREAM_CONNECTIONS, spool, UPSTREAM_CONNECTIONS);
  }

  private static String body(String id) {
    StringBuilder body = new StringBuilder(1000);
    body.append("From: shutdown@client.test\r\nTo: sink@upstream.test\r\nSubject: shutdown test ").append(id)
        .append("\r\nMessage-ID: <").append(id).append("@shutdown.test>\r\n\r\n");
    for (int line = 0; line < 12; line++) {
      body.append("message ").append(id).append(" line ").append(line).append(" the quick brown fox\r\n");
    }
    return body.toString();
  }

  private static Set<String> deliveredMessageIds(FakeSmtpServer upstream) {
    Set<String> ids = new HashSet<>();
    for (RecordedTransaction transaction : upstream.transactions()) {
      Matcher id = MESSAGE_ID.matcher(transaction.dataAsString());
      if (id.find()) {
        ids.add(id.group(1));
      }
    }
    return ids;
  }

  /** Queue ids of the message files (names without a dot) in incoming/, active/ and deferred/. */
  private static Set<String> spooledQueueIds(Path spool) {
    Set<String> ids = new HashSet<>();
    for (String queue : QUEUE_DIRECTORIES) {
      Path directory = spool.resolve(queue);
      if (!Files.isDirectory(directory)) {
        continue;
      }
      try (Stream<Path> entries = Files.list(directory)) {
        entries.map(p -> p.getFileName().toString()).filter(name -> !name.contains(".")).forEach(ids::add);
      } catch (IOException e) {
        throw new UncheckedIOException("failed to list " + directory, e);
      }
    }
    return ids;
  }

  /**
   * Client threads that send numbered messages until the relay refuses them or goes away; they
   * record every Message-ID answered 250, with its queue id.
   */
  private static final class Clients {
    private final AtomicInteger sequence = new AtomicInteger();
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger refusedWith421 = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    Map<String, String> acknowledged() {
      return acknowledged;
    }

    int refusedWith421() {
      return refusedWith421.get();
    }

    void start(int port) {
      for (int i = 0; i < CLIENTS; i++) {
        threads.add(Thread.ofPlatform().name("shutdown-client-" + i).start(() -> send(port)));
      }
    }

    boolean finished() {
      return threads.stream().noneMatch(Thread::isAlive);
    }

    void stop(Duration timeout) throws InterruptedException {
      stop.set(true);
      for (Thread thread : threads) {
        if (!thread.join(timeout)) {
          throw new AssertionError("client thread " + thread.getName() + " still running " + timeout + " after stop");
        }
      }
    }

    private void send(int port) {
      while (!stop.get()) {
        try (SmtpDialog client = SmtpDialog.connect(port)) {
          if (client.greeting() != null && client.greeting().startsWith(SHUTTING_DOWN)) {
            refusedWith421.incrementAndGet();
            return;
          }
          SmtpDialog.expect(client.command("EHLO client.shutdown.test"), "250");
          for (int i = 0; i < 20 && !stop.get(); i++) {
            String id = String.valueOf(sequence.incrementAndGet());
            String mail = client.command("MAIL FROM:<shutdown@client.test>");
            if (mail != null && mail.startsWith(SHUTTING_DOWN)) {
              refusedWith421.incrementAndGet();
              return;
            }
            SmtpDialog.expect(mail, "250");
            SmtpDialog.expect(client.command("RCPT TO:<sink@upstream.test>"), "250");
            SmtpDialog.expect(client.command("DATA"), "354");
            client.send((body(id) + ".\r\n").getBytes(StandardCharsets.US_ASCII));
            String reply = client.readReply();
            SmtpDialog.expect(reply, QUEUED);
            acknowledged.put(id + "@shutdown.test", reply.substring(QUEUED.length()));
          }
          client.command("QUIT");
        } catch (IOException | AssertionError e) {
          // The relay went away (or closed an idle session at the end of the drain): this client is done.
          return;
        }
      }
    }
  }
}
