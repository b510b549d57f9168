package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.Phase;
import io.poolrelay.upstreams.fakesmtp.RecordedTransaction;
import io.poolrelay.upstreams.fakesmtp.Script;
import io.poolrelay.upstreams.fakesmtp.SocketEffect;
import java.io.IOException;
import java.net.ConnectException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's first promise: a 250 after DATA means the message is on disk, so SIGKILL loses nothing
 * that was acknowledged. Clients send while the relay runs as a child process and delivers to a slow
 * fake upstream (so a backlog sits in the spool); the relay is killed with SIGKILL mid-stream, restarted
 * on the same spool, killed again while clients send and it recovers, and restarted once more. Every
 * Message-ID that got a 250 must then reach the upstream, intact; duplicates are allowed only for
 * deliveries in flight at a kill (upstream said 250, the relay died before forgetting the message); the
 * spool must end empty with nothing in corrupt/.
 */
class CrashRecoveryIT {

  private static final int KILLS = 2;
  private static final int CLIENTS = 8;
  private static final int MESSAGES_PER_CONNECTION = 40;
  /** Kill after this many 250s in a round, or when the round's send bound passes, whichever is first. */
  private static final int ACKS_BEFORE_KILL = 300;
  private static final Duration SEND_BOUND = Duration.ofSeconds(15);
  private static final int MAX_CONNECTIONS = 4;
  /** Slows the upstream's reply to the final dot, so that accepted mail piles up in the spool. */
  private static final Duration UPSTREAM_DELAY = Duration.ofMillis(25);
  /**
   * The upstream answers 451 to the recipient of the first transaction on each connection, and the relay
   * opens a new connection every this many messages: about one message in ten is deferred once, so kills
   * also land in the middle of deferrals (state file written, message moved to deferred/).
   */
  private static final int MESSAGES_PER_UPSTREAM_CONNECTION = 10;
  private static final Duration START_DEADLINE = Duration.ofSeconds(60);
  private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(60);
  private static final String QUEUED = "250 2.0.0 Ok: queued as ";
  private static final Pattern MESSAGE_ID = Pattern.compile("(?m)^Message-ID: <([^>\r\n]+)>\r?$");
  private static final Pattern QUEUE_ID = Pattern.compile("queue_id=(\\S+)");
  private static final List<String> QUEUE_DIRECTORIES = List.of("incoming", "active", "deferred");

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void acknowledgedMessagesSurviveSigkillDuringSendingAndDelivery() throws Exception {
    Path spool = dir.resolve("spool");
    List<RelayProcess> incarnations = new ArrayList<>();
    Script upstreamScript = Script.accepting()
        .on(Phase.END_OF_DATA, SocketEffect.delay(UPSTREAM_DELAY))
        .reply(Phase.RCPT, 451, "4.3.0 first transaction on a connection is deferred").inTransaction(0);
    try (FakeSmtpServer upstream = FakeSmtpServer.start(upstreamScript)) {
      Path config = dir.resolve("relay.yaml");
      Files.writeString(config, config(upstream.port(), spool));
      Deliveries deliveries = new Deliveries(upstream);
      Clients clients = new Clients();
      List<String> rounds = new ArrayList<>();
      // Upstream connections made by the incarnations killed so far: the relay is dead when this is read.
      List<Integer> connectionsAtKill = new ArrayList<>();
      // Per kill: deliveries the killed relay logged as delivered but not yet as removed.
      List<Integer> settlingAtKill = new ArrayList<>();
      try {
        RelayProcess relay = RelayProcess.start(config, dir.resolve("relay-0.log"), START_DEADLINE);
        incarnations.add(relay);
        for (int kill = 1; kill <= KILLS; kill++) {
          int ackedBefore = clients.acknowledged().size();
          clients.start(relay.port(), SEND_BOUND);
          Await.until(SEND_BOUND.plusSeconds(30), "clients to get " + ACKS_BEFORE_KILL + " acknowledgements",
              () -> clients.acknowledged().size() - ackedBefore >= ACKS_BEFORE_KILL || clients.finished());
          int ackedAtKill = clients.acknowledged().size();
          int backlog = ackedAtKill - deliveries.countDeliveredOf(clients.acknowledged().keySet());
          int exit = relay.kill(Duration.ofSeconds(30));
          connectionsAtKill.add(upstream.connectionCount());
          settlingAtKill.add(deliveredNotRemoved(relay));
          clients.stop(Duration.ofSeconds(30));
          assertEquals(137, exit, "relay exit code after SIGKILL (128 + 9)");
          assertTrue(ackedAtKill - ackedBefore > 0, "no message acknowledged before kill " + kill
              + "; first client error: " + clients.firstError());

          relay = RelayProcess.start(config, dir.resolve("relay-" + kill + ".log"), START_DEADLINE);
          incarnations.add(relay);
          rounds.add("kill " + kill + ": acknowledged=" + (clients.acknowledged().size() - ackedBefore)
              + " undelivered_at_kill=" + backlog + " recovered_after_restart=" + relay.recovered());
        }

        Map<String, String> acknowledged = Map.copyOf(clients.acknowledged());
        Await.until(DELIVERY_DEADLINE, "the upstream to receive all " + acknowledged.size()
            + " acknowledged messages", () -> deliveries.countDeliveredOf(acknowledged.keySet()) == acknowledged.size());
        Await.until(Duration.ofSeconds(30), "the spool queues to empty", () -> messageFiles(spool).isEmpty());
        relay.close();

        Map<String, List<Integer>> receipts = deliveries.receipts();
        Map<String, Integer> counts = new HashMap<>();
        receipts.forEach((id, connections) -> counts.put(id, connections.size()));
        List<String> lost = acknowledged.keySet().stream().filter(id -> !counts.containsKey(id)).sorted().toList();
        Map<String, Integer> duplicates = new TreeMap<>();
        counts.forEach((id, n) -> {
          if (n > 1) {
            duplicates.put(id, n);
          }
        });
        int delivered = (int) acknowledged.keySet().stream().filter(counts::containsKey).count();
        int unacknowledgedDelivered = (int) counts.keySet().stream().filter(id -> !acknowledged.containsKey(id)).count();
        int duplicateDeliveries = duplicates.values().stream().mapToInt(n -> n - 1).sum();
        // A legitimate duplicate was received by one incarnation, which was killed before it forgot the
        // message, and again by a later one. Two receipts from one incarnation are a bug.
        int[] duplicatesPerKill = new int[KILLS + 1];
        List<String> sameIncarnation = new ArrayList<>();
        for (String id : duplicates.keySet()) {
          List<Integer> incarnationsOfId = receipts.get(id).stream().map(c -> incarnationOf(c, connectionsAtKill)).toList();
          for (int i = 1; i < incarnationsOfId.size(); i++) {
            if (incarnationsOfId.get(i) <= incarnationsOfId.get(i - 1)) {
              sameIncarnation.add(id + " received by incarnations " + incarnationsOfId);
            } else {
              duplicatesPerKill[incarnationsOfId.get(i - 1)]++;
            }
          }
        }

        rounds.forEach(round -> System.out.println("crash test " + round));
        System.out.println("crash test duplicates (Message-ID=times received): " + duplicates
            + ", per kill: " + Arrays.toString(Arrays.copyOf(duplicatesPerKill, KILLS))
            + ", delivered but not yet removed at each kill: " + settlingAtKill);
        System.out.println("crash test client errors (after kills): " + clients.errors() + " refused: "
            + clients.refused() + " delivered_without_ack: " + unacknowledgedDelivered + " deferrals: "
            + grep(incarnations, " deferred: ").size() + " discarded_torn: "
            + grep(incarnations, "discarded half-written").size());
        System.out.println("acknowledged=" + acknowledged.size() + " delivered=" + delivered + " lost=" + lost.size()
            + " duplicates=" + duplicateDeliveries);

        assertEquals(List.of(), lost, "acknowledged but never delivered");
        assertEquals(List.of(), deliveries.damaged(), "delivered with a body other than the one sent");
        assertEquals(List.of(), sameIncarnation, "duplicates not explained by a kill");
        for (int kill = 0; kill < KILLS; kill++) {
          // In flight: a transaction per upstream connection awaiting the upstream's reply to the dot,
          // plus those the relay had seen accepted but not yet removed from the spool.
          int inFlight = MAX_CONNECTIONS + settlingAtKill.get(kill);
          assertTrue(duplicatesPerKill[kill] <= inFlight, "kill " + (kill + 1) + " caused "
              + duplicatesPerKill[kill] + " duplicates, more than the " + inFlight
              + " deliveries that can have been in flight; all duplicates: " + duplicates);
        }
        assertEquals(0, clients.refused(), "messages the relay refused: " + clients.firstError());
        assertEquals(List.of(), grep(incarnations, "corrupt/"), "quarantine log lines after SIGKILL");
        assertEquals(List.of(), filesIn(spool.resolve("corrupt")), "files in corrupt/ after SIGKILL");
        for (String queue : QUEUE_DIRECTORIES) {
          assertEquals(List.of(), filesIn(spool.resolve(queue)), queue + "/ after every message was delivered");
        }
        assertEquals(List.of(), upstream.protocolViolations(), "SMTP rules the relay broke");
      } catch (Throwable failure) {
        for (RelayProcess incarnation : incarnations) {
          incarnation.printTail(60);
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
          fake: { type: smtp, host: 127.0.0.1, port: %d, tls: none, max_connections: %d,
                  max_messages_per_connection: %d }
        pools:
          all: { members: [ { upstream: fake } ] }
        routing: { default_pool: all }
        admin: { address: 127.0.0.1:0 }
        spool: { directory: "%s", retry: { schedule: [1s], max_age: 1h } }
        """.formatted(upstreamPort, MAX_CONNECTIONS, MESSAGES_PER_UPSTREAM_CONNECTION, spool);
  }

  /** The message sent with number {@code n}: its Message-ID and subject are unique, its body fixed. */
  private static String body(int n) {
    StringBuilder body = new StringBuilder(1200);
    body.append("From: crash@client.test\r\nTo: sink@upstream.test\r\n")
        .append("Subject: crash test message ").append(n).append("\r\n")
        .append("Message-ID: <").append(n).append("@crash.test>\r\n\r\n");
    for (int line = 0; line < 16; line++) {
      body.append("message ").append(n).append(" line ").append(line)
          .append(" the quick brown fox jumps over the lazy dog\r\n");
    }
    return body.toString();
  }

  /** Queue ids the relay logged as delivered upstream but not (yet) as removed from its spool. */
  private static int deliveredNotRemoved(RelayProcess relay) {
    Set<String> delivered = new HashSet<>();
    for (String line : relay.linesContaining("result=delivered")) {
      Matcher id = QUEUE_ID.matcher(line);
      if (id.find()) {
        delivered.add(id.group(1));
      }
    }
    for (String line : relay.linesContaining(" removed: ")) {
      Matcher id = QUEUE_ID.matcher(line);
      if (id.find()) {
        delivered.remove(id.group(1));
      }
    }
    return delivered.size();
  }

  /** Which relay incarnation (0 = first start) made upstream connection {@code connection}. */
  private static int incarnationOf(int connection, List<Integer> connectionsAtKill) {
    int incarnation = 0;
    while (incarnation < connectionsAtKill.size() && connection >= connectionsAtKill.get(incarnation)) {
      incarnation++;
    }
    return incarnation;
  }

  private static int numberOf(String messageId) {
    return Integer.parseInt(messageId.substring(0, messageId.indexOf('@')));
  }

  private static List<String> grep(List<RelayProcess> incarnations, String text) {
    List<String> lines = new ArrayList<>();
    incarnations.forEach(relay -> lines.addAll(relay.linesContaining(text)));
    return lines;
  }

  /** Message files (names without a dot: not .state, not .tmp) still in incoming/, active/ or deferred/. */
  private static List<String> messageFiles(Path spool) {
    List<String> files = new ArrayList<>();
    for (String queue : QUEUE_DIRECTORIES) {
      filesIn(spool.resolve(queue)).stream().filter(name -> !name.contains(".")).forEach(name -> files.add(queue + "/" + name));
    }
    return files;
  }

  private static List<String> filesIn(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("failed to list " + directory, e);
    }
  }

  /** What the upstream received, by Message-ID, read incrementally from its recorded transactions. */
  private static final class Deliveries {
    private final FakeSmtpServer upstream;
    /** Message-ID to the upstream connection index of each receipt, in order. */
    private final Map<String, List<Integer>> receipts = new HashMap<>();
    private final List<String> damaged = new ArrayList<>();
    private int seen;

    Deliveries(FakeSmtpServer upstream) {
      this.upstream = upstream;
    }

    synchronized Map<String, List<Integer>> receipts() {
      refresh();
      Map<String, List<Integer>> copy = new HashMap<>();
      receipts.forEach((id, connections) -> copy.put(id, List.copyOf(connections)));
      return copy;
    }

    synchronized List<String> damaged() {
      refresh();
      return List.copyOf(damaged);
    }

    synchronized int countDeliveredOf(Set<String> ids) {
      refresh();
      int delivered = 0;
      for (String id : ids) {
        if (receipts.containsKey(id)) {
          delivered++;
        }
      }
      return delivered;
    }

    private void refresh() {
      List<RecordedTransaction> all = upstream.transactions();
      for (; seen < all.size(); seen++) {
        RecordedTransaction transaction = all.get(seen);
        String data = transaction.dataAsString();
        Matcher id = MESSAGE_ID.matcher(data);
        if (!id.find()) {
          damaged.add("transaction " + seen + " has no Message-ID: " + data.substring(0, Math.min(200, data.length())));
          continue;
        }
        String messageId = id.group(1);
        receipts.computeIfAbsent(messageId, k -> new ArrayList<>()).add(transaction.connectionIndex());
        if (!data.endsWith(body(numberOf(messageId)))) {
          damaged.add(messageId);
        }
      }
    }
  }

  /** Client threads that send numbered messages in a loop and record every Message-ID answered 250. */
  private static final class Clients {
    private final AtomicInteger sequence = new AtomicInteger();
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    /** Message-ID to queue id, for every message the relay answered {@code 250 ... queued as}. */
    Map<String, String> acknowledged() {
      return acknowledged;
    }

    int errors() {
      return errors.get();
    }

    int refused() {
      return refused.get();
    }

    String firstError() {
      return firstError.get();
    }

    void start(int port, Duration bound) {
      stop.set(false);
      threads.clear();
      long deadline = System.nanoTime() + bound.toNanos();
      for (int i = 0; i < CLIENTS; i++) {
        threads.add(Thread.ofPlatform().name("crash-client-" + i).start(() -> send(port, deadline)));
      }
    }

    boolean finished() {
      return threads.stream().noneMatch(Thread::isAlive);
    }

    void stop(Duration timeout) throws InterruptedException {
      stop.set(true);
      long deadline = System.nanoTime() + timeout.toNanos();
      for (Thread thread : threads) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        if (!thread.join(Duration.ofMillis(left))) {
          fail("client thread " + thread.getName() + " still running " + timeout + " after stop");
        }
      }
    }

    private void send(int port, long deadline) {
      while (!stop.get() && System.nanoTime() < deadline) {
        try (SmtpDialog client = SmtpDialog.connect(port)) {
          SmtpDialog.expect(client.command("EHLO client.crash.test"), "250");
          for (int i = 0; i < MESSAGES_PER_CONNECTION && !stop.get() && System.nanoTime() < deadline; i++) {
            int n = sequence.incrementAndGet();
            String reply = client.sendMessage("crash@client.test", List.of("sink@upstream.test"), body(n));
            if (reply == null) {
              throw new IOException("connection closed before the reply to message " + n);
            } else if (reply.startsWith(QUEUED)) {
              acknowledged.put(n + "@crash.test", reply.substring(QUEUED.length()));
            } else {
              refused.incrementAndGet();
              firstError.compareAndSet(null, "message " + n + " answered " + reply);
            }
          }
          client.command("QUIT");
        } catch (ConnectException e) {
          // The relay is gone (it listens until killed); this client's round is over.
          errors.incrementAndGet();
          firstError.compareAndSet(null, e.toString());
          return;
        } catch (IOException | AssertionError e) {
          // Expected once the relay is killed: such a message was never acknowledged.
          errors.incrementAndGet();
          firstError.compareAndSet(null, e.toString());
        }
      }
    }
  }
}
