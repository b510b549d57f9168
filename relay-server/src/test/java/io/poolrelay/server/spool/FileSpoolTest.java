package io.poolrelay.server.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.Arrays;
import java.util.Map;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSpoolTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path dir;

  @Test
  void recoverReunitesAMessageWithTheStateFileACutShortMoveLeftBehind() throws Exception {
    FileSpool spool = new FileSpool(dir.resolve("spool"), InstantSource.fixed(NOW), new QueueId(1), new GroupCommitter(Runnable::run));
    spool.open();
    String id = spool.newQueueId();
    // What a kill between move()'s two renames (deferred/ -> active/, message first) leaves on disk.
    Files.writeString(spool.directory(QueueDirectory.ACTIVE).resolve(id), "recover() reads names, not messages");
    DeliveryState state = new DeliveryState(1, NOW.minusSeconds(5), Set.of("delivered@example.net"));
    Path stray = spool.directory(QueueDirectory.DEFERRED).resolve(id + ".state");
    Files.write(stray, state.encode());

    List<QueuedMessage> queued = spool.recover();

    assertEquals(List.of(new QueuedMessage(id, QueueDirectory.ACTIVE, NOW.minusSeconds(5), 1)), queued);
    assertEquals(Optional.of(state), spool.readState(id, QueueDirectory.ACTIVE));
    assertFalse(Files.exists(stray), "the stray state file is still in deferred/");
  }

  /** Runs a spool with its committer thread for the length of one test. */
  private <T> T withSpool(SpoolAction<T> action) throws Exception {
    GroupCommitter committer = new GroupCommitter(Runnable::run);
    Thread thread = Thread.ofPlatform().name("test-spool-commit").start(committer);
    try {
      FileSpool spool = new FileSpool(dir.resolve("spool"), InstantSource.fixed(NOW), new QueueId(7), committer);
      spool.open();
      return action.run(spool);
    } finally {
      committer.close();
      thread.join();
    }
  }

  @FunctionalInterface
  private interface SpoolAction<T> {
    T run(FileSpool spool) throws Exception;
  }

  private static SpooledEnvelope envelope(String id) {
    return new SpooledEnvelope(id, NOW, "default", "127.0.0.1", "", "a@example.com",
        List.of("b@example.net"), Map.of("x-campaign-type", "news letter"), SpooledEnvelope.ORIGIN_SMTP);
  }

  @Test
  void storedMessageIsCompleteOnDiskWhenStoreReturnsAndReadsBackExactly() throws Exception {
    byte[] message = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    withSpool(spool -> {
      String id = spool.newQueueId();
      spool.store(envelope(id), message, 0, message.length);
      StoredMessage read = spool.load(id, QueueDirectory.INCOMING);
      assertEquals(envelope(id), read.envelope());
      assertArrayEquals(message, read.content().open().readAllBytes());
      return null;
    });
  }

  @Test
  void storeNeverTouchesAnExistingFileWithTheSameName() throws Exception {
    withSpool(spool -> {
      String id = spool.newQueueId();
      Path existing = spool.directory(QueueDirectory.INCOMING).resolve(id);
      Files.writeString(existing, "another message's acknowledged file");
      byte[] message = "x\r\n".getBytes(StandardCharsets.US_ASCII);
      assertThrows(FileAlreadyExistsException.class, () -> spool.store(envelope(id), message, 0, message.length));
      assertEquals("another message's acknowledged file", Files.readString(existing));
      return null;
    });
  }

  @Test
  void truncatedFileIsTornAndAFlippedByteIsCorruption() throws Exception {
    byte[] message = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    withSpool(spool -> {
      String id = spool.newQueueId();
      spool.store(envelope(id), message, 0, message.length);
      Path file = spool.directory(QueueDirectory.INCOMING).resolve(id);
      byte[] bytes = Files.readAllBytes(file);

      Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
      SpoolFormatException torn = assertThrows(SpoolFormatException.class, () -> spool.load(id, QueueDirectory.INCOMING));
      assertTrue(torn.torn());

      byte[] flipped = bytes.clone();
      flipped[40] ^= 1;
      Files.write(file, flipped);
      SpoolFormatException corrupt = assertThrows(SpoolFormatException.class, () -> spool.load(id, QueueDirectory.INCOMING));
      assertFalse(corrupt.torn());

      spool.quarantine(id, QueueDirectory.INCOMING, corrupt.getMessage());
      assertTrue(Files.exists(spool.directory(QueueDirectory.CORRUPT).resolve(id)), "kept in corrupt/, not deleted");
      return null;
    });
  }

  @Test
  void deferKeepsTheStateWithTheMessageAndRecoverSchedulesItsNextAttempt() throws Exception {
    byte[] message = "x\r\n".getBytes(StandardCharsets.US_ASCII);
    withSpool(spool -> {
      String id = spool.newQueueId();
      spool.store(envelope(id), message, 0, message.length);
      spool.move(id, QueueDirectory.INCOMING, QueueDirectory.ACTIVE);
      DeliveryState state = new DeliveryState(2, NOW.plusSeconds(300), Set.of("b@example.net"));
      spool.defer(id, QueueDirectory.ACTIVE, state);
      assertEquals(Optional.of(state), spool.readState(id, QueueDirectory.DEFERRED));
      assertEquals(List.of(new QueuedMessage(id, QueueDirectory.DEFERRED, NOW.plusSeconds(300), 2)), spool.recover());
      return null;
    });
  }

  @Test
  void messageLeftOnDiskSendsTheSameBytesAsTheLoadedOne() throws Exception {
    byte[] message = "Subject: big\r\n\r\n".concat("x".repeat(100_000)).concat("\r\n").getBytes(StandardCharsets.US_ASCII);
    withSpool(spool -> {
      String id = spool.newQueueId();
      spool.store(envelope(id), message, 0, message.length);
      spool.move(id, QueueDirectory.INCOMING, QueueDirectory.ACTIVE);
      StoredMessage loaded = spool.load(id, QueueDirectory.ACTIVE);
      StoredMessage onDisk = spool.onDisk(loaded, QueueDirectory.ACTIVE);
      java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
      onDisk.content().writeTo(sent);
      assertArrayEquals(message, sent.toByteArray());
      assertArrayEquals(message, onDisk.content().open().readAllBytes());
      assertEquals(message.length, onDisk.length());
      return null;
    });
  }
}
