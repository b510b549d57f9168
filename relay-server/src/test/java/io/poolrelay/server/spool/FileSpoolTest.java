package io.poolrelay.server.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
    FileSpool spool = new FileSpool(dir.resolve("spool"), InstantSource.fixed(NOW), new QueueId(1), new GroupCommitter());
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
}
