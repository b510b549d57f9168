package io.poolrelay.server.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.load.ConfigLoader;
import io.poolrelay.server.it.SmtpDialog;
import io.poolrelay.server.message.HintHeaders;
import io.poolrelay.server.metrics.RelayMetrics;
import io.poolrelay.server.spool.FileSpool;
import io.poolrelay.server.spool.GroupCommitter;
import io.poolrelay.server.spool.QueueDirectory;
import io.poolrelay.server.spool.QueueId;
import io.poolrelay.server.spool.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The listener's half of a graceful stop, in process: what clients see while it drains and when it closes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SmtpListenerDrainTest {

  private static final String SHUTTING_DOWN = "421 4.3.2 relay.test shutting down, try again later";
  private static final String QUEUED = "250 2.0.0 Ok: queued as ";

  @TempDir
  Path dir;

  private GroupCommitter committer;
  private Thread commitThread;
  private FileSpool spool;
  private ExecutorService sessions;
  private SmtpListener listener;
  private final List<StoredMessage> accepted = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    RelayConfig config = new ConfigLoader(Map.of(), "relay.test").parse("""
        listeners: [ { name: default, address: 127.0.0.1:0 } ]
        upstreams: { outbox: { type: file, directory: %s } }
        pools: { all: { members: [ { upstream: outbox } ] } }
        routing: { default_pool: all }
        spool: { directory: %s }
        """.formatted(dir.resolve("outbox"), dir.resolve("spool")), "test.yaml");
    committer = new GroupCommitter(Runnable::run);
    commitThread = Thread.ofPlatform().name("test-spool-commit").start(committer);
    spool = new FileSpool(dir.resolve("spool"), InstantSource.system(), new QueueId(3), committer);
    spool.open();
    sessions = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("test-smtp-", 0).factory());
    listener = new SmtpListener(config.listeners().get(0), spool,
        () -> new HintHeaders(config.routing().hintHeaders(), config.routing().stripHintHeaders()), accepted::add,
        InstantSource.system(), sessions, new RelayMetrics(new SimpleMeterRegistry()).listener("default"));
    listener.start();
  }

  @AfterEach
  void stop() throws Exception {
    listener.close();
    sessions.shutdownNow();
    committer.close();
    commitThread.join();
  }

  @Test
  void connectionDuringDrainIsAnswered421AndClosedWhileTheSocketStaysOpen() throws Exception {
    try (SmtpDialog early = SmtpDialog.connect(listener.port())) {
      SmtpDialog.expect(early.command("EHLO early.test"), "250");
      assertEquals(1, listener.drain(), "sessions open when the drain began");

      try (SmtpDialog late = SmtpDialog.connect(listener.port())) {
        assertEquals(SHUTTING_DOWN, late.greeting());
        assertNull(late.readReply(), "the relay closes the connection after the 421");
      }
      assertEquals(1, listener.openSessions(), "the refused connection is not counted as a session");
    }
  }

  @Test
  void dataUnderWayWhenTheDrainBeginsIsSpooledAndAcknowledgedThenMailGets421() throws Exception {
    try (SmtpDialog client = SmtpDialog.connect(listener.port())) {
      SmtpDialog.expect(client.command("EHLO client.test"), "250");
      SmtpDialog.expect(client.command("MAIL FROM:<a@client.test>"), "250");
      SmtpDialog.expect(client.command("RCPT TO:<b@example.net>"), "250");
      SmtpDialog.expect(client.command("DATA"), "354");
      client.send("Subject: drain\r\nMessage-ID: <1@drain.test>\r\n\r\nfirst half\r\n".getBytes(StandardCharsets.US_ASCII));

      listener.drain();
      assertEquals(1, listener.transactionsUnderWay());
      assertFalse(listener.awaitTransactions(Duration.ofMillis(50)), "the drain waits for the DATA under way");

      client.send("second half\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
      String reply = client.readReply();
      SmtpDialog.expect(reply, QUEUED);
      assertTrue(listener.awaitTransactions(Duration.ofSeconds(10)), "the transaction ended with its reply");
      String queueId = reply.substring(QUEUED.length());
      assertTrue(Files.exists(spool.directory(QueueDirectory.INCOMING).resolve(queueId)), queueId + " in incoming/");
      assertEquals(List.of(queueId), accepted.stream().map(m -> m.envelope().queueId()).toList());

      assertEquals(SHUTTING_DOWN, client.command("MAIL FROM:<a@client.test>"));
      assertNull(client.readReply(), "the session ends after the 421 to MAIL");
    }
  }

  @Test
  void transactionBegunBeforeTheDrainMayStillAddRecipientsAndSendData() throws Exception {
    try (SmtpDialog client = SmtpDialog.connect(listener.port())) {
      SmtpDialog.expect(client.command("EHLO client.test"), "250");
      SmtpDialog.expect(client.command("MAIL FROM:<a@client.test>"), "250");
      listener.drain();
      SmtpDialog.expect(client.command("RCPT TO:<b@example.net>"), "250");
      SmtpDialog.expect(client.command("DATA"), "354");
      client.send("Subject: late data\r\n\r\nbody\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
      SmtpDialog.expect(client.readReply(), QUEUED);
    }
  }

  @Test
  void rsetEndsTheTransactionSoTheDrainNeedNotWaitForAnIdleClient() throws Exception {
    try (SmtpDialog client = SmtpDialog.connect(listener.port())) {
      SmtpDialog.expect(client.command("EHLO client.test"), "250");
      SmtpDialog.expect(client.command("MAIL FROM:<a@client.test>"), "250");
      listener.drain();
      SmtpDialog.expect(client.command("RSET"), "250");
      assertTrue(listener.awaitTransactions(Duration.ofSeconds(5)));
    }
  }

  @Test
  void closeTellsSessionsStillOpen421() throws Exception {
    try (SmtpDialog idle = SmtpDialog.connect(listener.port())) {
      SmtpDialog.expect(idle.command("EHLO idle.test"), "250");
      listener.drain();
      assertTrue(listener.awaitTransactions(Duration.ofSeconds(5)), "an idle session holds up nothing");
      listener.close();
      assertEquals(SHUTTING_DOWN, idle.readReply());
      assertNull(idle.readReply());
    }
  }
}
