package io.poolrelay.server.spool;

import io.poolrelay.upstreams.ByteArrayContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool on disk. Stores accepted messages durably, moves them between queue directories, keeps
 * their delivery state, and rebuilds the queue index after a restart.
 */
public final class FileSpool {

  private static final Logger log = LoggerFactory.getLogger(FileSpool.class);
  private static final String STATE_SUFFIX = ".state";
  private static final String TEMP_SUFFIX = ".tmp";

  private final Path root;
  private final InstantSource clock;
  private final QueueId ids;
  private final GroupCommitter committer;
  private final Map<QueueDirectory, Path> directories = new HashMap<>();

  public FileSpool(Path root, InstantSource clock, QueueId ids, GroupCommitter committer) {
    this.root = root;
    this.clock = clock;
    this.ids = ids;
    this.committer = committer;
    for (QueueDirectory directory : QueueDirectory.values()) {
      directories.put(directory, root.resolve(directory.directoryName()));
    }
  }

  /** Creates the directories if needed. Call once before anything else. */
  public void open() throws IOException {
    for (Path directory : directories.values()) {
      Files.createDirectories(directory);
    }
    for (Path directory : List.of(root, root.getParent() == null ? root : root.getParent())) {
      try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
        channel.force(true);
      }
    }
  }

  public Path root() {
    return root;
  }

  public Path directory(QueueDirectory directory) {
    return directories.get(directory);
  }

  public String newQueueId() {
    return ids.next(clock.instant());
  }

  /**
   * Writes the message to {@code incoming/} and returns once file and directory entry are forced to
   * disk. Only after this returns may the client be told 250.
   */
  public void store(SpooledEnvelope envelope, byte[] message, int offset, int length)
      throws IOException, InterruptedException {
    Path file = directory(QueueDirectory.INCOMING).resolve(envelope.queueId());
    byte[] head = SpoolFileFormat.head(envelope, length);
    CRC32C crc = new CRC32C();
    crc.update(head);
    crc.update(message, offset, length);
    byte[] trailer = SpoolFileFormat.trailer(crc, (long) head.length + length);
    // Opened outside the clean-up below: if the name is taken, the file there is another message's.
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try (channel) {
      ByteBuffer[] parts = {
        ByteBuffer.wrap(head), ByteBuffer.wrap(message, offset, length), ByteBuffer.wrap(trailer)
      };
      long total = (long) head.length + length + trailer.length;
      long written = 0;
      while (written < total) {
        written += channel.write(parts);
      }
      committer.commit(channel, file.getParent());
    } catch (IOException | InterruptedException | RuntimeException e) {
      deleteQuietly(file);
      throw e;
    }
  }

  /** Reads and verifies a message file. */
  public StoredMessage load(String queueId, QueueDirectory where) throws IOException {
    byte[] bytes = Files.readAllBytes(directory(where).resolve(queueId));
    StoredMessage message = SpoolFileFormat.parse(bytes);
    if (!message.envelope().queueId().equals(queueId)) {
      throw new SpoolFormatException("file " + queueId + " holds message " + message.envelope().queueId(), false);
    }
    return message;
  }

  /**
   * The same message with its bytes left on disk, read again when sent. {@code loaded} must come from
   * {@link #load} of the file now in {@code where}: the whole file was read, so the message's offset
   * in that buffer is its offset in the file.
   */
  public StoredMessage onDisk(StoredMessage loaded, QueueDirectory where) {
    ByteArrayContent bytes = (ByteArrayContent) loaded.content();
    Path file = directory(where).resolve(loaded.envelope().queueId());
    return new StoredMessage(loaded.envelope(), new SpoolFileContent(file, bytes.offset(), bytes.length()));
  }

  /** Moves a message between queue directories (its state file travels with it). */
  public void move(String queueId, QueueDirectory from, QueueDirectory to) throws IOException {
    if (from == to) {
      return;
    }
    Files.move(directory(from).resolve(queueId), directory(to).resolve(queueId), StandardCopyOption.ATOMIC_MOVE);
    Path state = directory(from).resolve(queueId + STATE_SUFFIX);
    if (Files.exists(state)) {
      Files.move(state, directory(to).resolve(queueId + STATE_SUFFIX), StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /**
   * Records the state and moves the message to {@code deferred/}. The state is forced before the
   * move so that a recipient recorded as settled is never sent again after a crash.
   */
  public void defer(String queueId, QueueDirectory from, DeliveryState state)
      throws IOException, InterruptedException {
    Path fromDir = directory(from);
    Path temporary = fromDir.resolve(queueId + STATE_SUFFIX + TEMP_SUFFIX);
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(state.encode());
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(false);
    }
    Files.move(temporary, fromDir.resolve(queueId + STATE_SUFFIX), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    move(queueId, from, QueueDirectory.DEFERRED);
    committer.commitDirectory(fromDir);
    committer.commitDirectory(directory(QueueDirectory.DEFERRED));
  }

  /**
   * Forgets a message whose every recipient has a final outcome. {@code hasState} says whether it was
   * ever deferred: most messages never were, and probing for a state file costs an exception each.
   */
  public void remove(String queueId, QueueDirectory where, boolean hasState) throws IOException {
    if (hasState) {
      Files.deleteIfExists(directory(where).resolve(queueId + STATE_SUFFIX));
    }
    Files.deleteIfExists(directory(where).resolve(queueId));
  }

  /** Drops a file that was never completely written (never acknowledged), with a log line. */
  public void discardTorn(String queueId, QueueDirectory where, String reason) throws IOException {
    log.warn("queue_id={} spool: discarded half-written file in {}: {}", queueId, where.directoryName(), reason);
    remove(queueId, where, true);
  }

  /** Moves an unreadable file to {@code corrupt/} for inspection. Never deletes it. */
  public void quarantine(String queueId, QueueDirectory where, String reason) {
    log.error("queue_id={} spool: moved unreadable file from {} to corrupt/: {}", queueId,
        where.directoryName(), reason);
    try {
      move(queueId, where, QueueDirectory.CORRUPT);
    } catch (IOException e) {
      log.error("queue_id={} spool: failed to move unreadable file to corrupt/: {}", queueId, e.toString());
    }
  }

  /** The delivery state of a message, or empty when it has never been deferred. */
  public Optional<DeliveryState> readState(String queueId, QueueDirectory where) throws IOException {
    try {
      return Optional.of(DeliveryState.decode(Files.readAllBytes(directory(where).resolve(queueId + STATE_SUFFIX))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Lists every message in {@code incoming/}, {@code active/} and {@code deferred/}: the index to
   * rebuild after a start. Reads only names and the small state files; message files are verified
   * when they are picked for delivery. Leftover temporary files are removed.
   */
  public List<QueuedMessage> recover() throws IOException {
    List<QueuedMessage> queued = new ArrayList<>();
    Instant now = clock.instant();
    for (QueueDirectory where : List.of(QueueDirectory.ACTIVE, QueueDirectory.INCOMING, QueueDirectory.DEFERRED)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory(where))) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (name.endsWith(TEMP_SUFFIX)) {
            Files.deleteIfExists(entry);
            continue;
          }
          if (!QueueId.isValid(name)) {
            continue;
          }
          reuniteState(name, where);
          Instant due = now;
          int attempts = 0;
          try {
            Optional<DeliveryState> state = readState(name, where);
            if (state.isPresent()) {
              due = state.get().nextAttempt();
              attempts = state.get().attempts();
            }
          } catch (SpoolFormatException e) {
            log.warn("queue_id={} spool: unreadable state file, retrying now: {}", name, e.getMessage());
          }
          queued.add(new QueuedMessage(name, where, due, attempts));
        }
      }
    }
    return queued;
  }

  /**
   * {@link #move} renames the message, then its state file: a crash between the two leaves the state
   * in the old directory, where {@link #readState} never looks. The message would then be retried as
   * fresh, resending recipients the state records as settled, and the stray state file would stay
   * forever. Moves a stray state file back next to its message.
   */
  private void reuniteState(String queueId, QueueDirectory where) throws IOException {
    Path state = directory(where).resolve(queueId + STATE_SUFFIX);
    if (Files.exists(state)) {
      return;
    }
    for (QueueDirectory other : List.of(QueueDirectory.INCOMING, QueueDirectory.ACTIVE, QueueDirectory.DEFERRED)) {
      Path stray = directory(other).resolve(queueId + STATE_SUFFIX);
      if (other != where && Files.exists(stray)) {
        Files.move(stray, state, StandardCopyOption.ATOMIC_MOVE);
        log.warn("queue_id={} spool: moved its state file from {} to {}, next to the message (a move was cut short)",
            queueId, other.directoryName(), where.directoryName());
        return;
      }
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // The store already failed; the caller reports that failure.
    }
  }
}
