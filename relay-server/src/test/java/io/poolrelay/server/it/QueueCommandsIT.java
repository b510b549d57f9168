package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.server.admin.JsonReader;
import io.poolrelay.server.cli.Main;
import io.poolrelay.server.spool.QueueDirectory;
import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.Phase;
import io.poolrelay.upstreams.fakesmtp.Script;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The queue commands against a running relay: list, show and delete waiting mail; retry and flush deferred mail. */
class QueueCommandsIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  /** What one CLI run printed and returned. */
  private record Run(int exit, String out, String err) {
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Run(cli.execute(args), out.toString(), err.toString());
  }

  private static void send(RunningRelay relay, String... recipients) throws Exception {
    try (SmtpDialog client = SmtpDialog.connect(relay.port())) {
      SmtpDialog.expect(client.command("EHLO app.test"), "250");
      for (String recipient : recipients) {
        SmtpDialog.expect(client.sendMessage("app@example.com", List.of(recipient),
            "Subject: queued\r\nX-Campaign: spring\r\n\r\nbody\r\n"), "250 2.0.0");
      }
    }
  }

  /** The queue's messages as {@code queue list --json} gives them. */
  private static List<?> messages(RunningRelay relay, String... filters) {
    String[] args = new String[filters.length + 5];
    args[0] = "queue";
    args[1] = "list";
    args[2] = "--json";
    args[3] = "--admin";
    args[4] = relay.adminUrl();
    System.arraycopy(filters, 0, args, 5, filters.length);
    Run list = run(args);
    assertEquals(0, list.exit(), list.err());
    return (List<?>) ((Map<?, ?>) JsonReader.parse(list.out().strip())).get("messages");
  }

  private static String idOf(Object message) {
    return (String) ((Map<?, ?>) message).get("queue_id");
  }

  @Test
  void waitingMailIsListedShownAndDeletedWithoutABounce() throws Exception {
    try (FakeSmtpServer upstream = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, """
            listeners: [ { name: default, address: 127.0.0.1:0 } ]
            upstreams:
              x: { type: smtp, host: 127.0.0.1, port: %d, tls: none, health: { enabled: false } }
            pools:
              bulk: { members: [ { upstream: x } ] }
            routing: { hint_headers: [X-Campaign], default_pool: bulk }
            spool: { directory: ${dir}/spool, retry: { schedule: [1h], max_age: 2d } }
            """.formatted(upstream.port()))) {
      relay.relay().fleet().get("x").health().pause(Duration.ofHours(2), "maintenance");
      send(relay, "one@example.net", "two@example.net", "three@example.net");
      Await.until(WAIT, "three messages waiting", () -> messages(relay, "--state", "waiting").size() == 3);

      Run list = run("queue", "list", "--admin", relay.adminUrl());
      assertEquals(0, list.exit(), list.err());
      List<String> lines = list.out().lines().toList();
      assertTrue(lines.get(0).startsWith("3 queued (0 incoming, 0 active, 0 deferred, 3 waiting; pools: bulk 3)"),
          lines.get(0));
      assertEquals(5, lines.size(), list.out());
      for (String line : lines.subList(2, 5)) {
        assertTrue(line.matches("[0-9A-Z]{15} +waiting +bulk +0 .*waits for capacity in bulk"), line);
      }

      String first = idOf(messages(relay).getFirst());
      Run show = run("queue", "show", first, "--admin", relay.adminUrl());
      assertEquals(0, show.exit(), show.err());
      assertTrue(show.out().contains("sender:      app@example.com\n"), show.out());
      assertTrue(show.out().contains("recipients:  one@example.net\n"), show.out());
      assertTrue(show.out().contains("hints:       x-campaign: spring\n"), show.out());
      assertFalse(show.out().contains("body"), "never the message's bytes");

      Path file = relay.relay().spool().directory(QueueDirectory.DEFERRED).resolve(first);
      assertTrue(Files.exists(file));
      Run delete = run("queue", "delete", first, "--admin", relay.adminUrl());
      assertEquals(0, delete.exit(), delete.err());
      assertEquals(first + ": deleted (no bounce sent)\n", delete.out());
      assertFalse(Files.exists(file), "the spool file is gone");
      assertEquals(2, relay.queued());
      assertEquals(2, messages(relay).size());
      assertEquals(1, run("queue", "show", first, "--admin", relay.adminUrl()).exit(), "no longer queued");

      relay.relay().fleet().get("x").health().resume();
      relay.awaitEmptyQueue(WAIT);
      assertEquals(List.of("three@example.net", "two@example.net"), upstream.transactions().stream()
          .map(t -> t.rcptTo().getFirst()).sorted().toList(), "the other two left, and no bounce was sent");
    }
  }

  @Test
  void retryAndFlushDeliverDeferredMailNowRatherThanAfterTheHour() throws Exception {
    try (FakeSmtpServer upstream = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, """
            listeners: [ { name: default, address: 127.0.0.1:0 } ]
            upstreams:
              x: { type: smtp, host: 127.0.0.1, port: %d, tls: none, max_messages_per_connection: 1,
                   health: { enabled: false } }
            pools:
              all: { members: [ { upstream: x } ] }
            routing: { default_pool: all }
            spool: { directory: ${dir}/spool, retry: { schedule: [1h], max_age: 2d } }
            """.formatted(upstream.port()))) {
      // One connection per message: the first gets the 451 script, the retry a new connection that accepts.
      upstream.enqueue(Script.accepting().reply(Phase.RCPT, 451, "4.3.0 try later"));
      send(relay, "retry@example.net");
      Await.until(WAIT, "the message deferred", () -> messages(relay, "--state", "deferred").size() == 1);
      Map<?, ?> deferred = (Map<?, ?>) messages(relay).getFirst();
      assertEquals(1L, ((Number) deferred.get("attempts")).longValue());
      assertTrue(String.valueOf(deferred.get("last_reply")).contains("451"), deferred.toString());

      Run retry = run("queue", "retry", idOf(deferred), "--admin", relay.adminUrl());
      assertEquals(0, retry.exit(), retry.err());
      assertEquals(idOf(deferred) + ": due now (pool all, 1 attempt(s) so far)\n", retry.out());
      // The retry schedule says an hour: only the retry can have sent it within seconds.
      relay.awaitEmptyQueue(WAIT);

      upstream.enqueue(Script.accepting().reply(Phase.RCPT, 451, "4.3.0 try later"));
      send(relay, "flush@example.net");
      Await.until(WAIT, "the second message deferred", () -> messages(relay, "--state", "deferred").size() == 1);
      Run flush = run("queue", "flush", "--admin", relay.adminUrl());
      assertEquals(0, flush.exit(), flush.err());
      assertEquals("flushed: 1 deferred message(s) due now\n", flush.out());
      relay.awaitEmptyQueue(WAIT);
      assertEquals(List.of("flush@example.net", "retry@example.net"), upstream.transactions().stream()
          .filter(t -> !t.rcptTo().isEmpty()).map(t -> t.rcptTo().getFirst()).sorted().distinct().toList());
    }
  }
}
