package io.poolrelay.upstreams.limits;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream's sending counts and warmup state on disk, so a restart never doubles its allowance.
 *
 * <p><b>Format.</b> A text file {@code <directory>/<upstream>.log} (the relay passes {@code <spool>/usage}),
 * one record per line, each ending in {@code \n}:
 *
 * <pre>
 * 1793527200000 3          recipients accepted: epoch milliseconds, count
 * warmup 4 2026-11-05      warmup state: step, UTC day of the last move (the last such line wins)
 * # comment
 * </pre>
 *
 * A last line without its {@code \n} is a torn write and is ignored; so is any line that does not parse.
 *
 * <p><b>Durability.</b> Records are appended without fsync: a killed process (even SIGKILL) keeps them,
 * because they are in the page cache, but a power loss or kernel crash can lose the last seconds of counts.
 * That is the trade we make for not forcing the disk once per delivery.
 *
 * <p><b>Size.</b> On open, the file is read, counts older than {@link #RETENTION} are dropped, counts in the
 * same minute are merged (dated at the latest of them, so they leave the window no earlier than before),
 * and the file is rewritten compacted: a temporary file in the same directory, forced, then renamed over
 * the old one. The same happens when the file grows past {@code compactAfterBytes}, so it holds at most
 * about one line per minute of the last day.
 *
 * <p>Thread-safe. The owner closes it.
 */
public final class UsageJournal implements UsageRecorder, Closeable {

  /** How long a count is kept: a day, plus the one-minute bucket a count may stay in a window late. */
  public static final Duration RETENTION = Duration.ofDays(1).plusMinutes(1);

  public static final long DEFAULT_COMPACT_AFTER_BYTES = 256 * 1024;

  private static final Logger log = LoggerFactory.getLogger(UsageJournal.class);
  private static final Pattern UPSTREAM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final long MINUTE_MILLIS = 60_000;

  /** Recipients accepted at an instant. */
  public record Usage(Instant at, long count) {}

  private final Path directory;
  private final Path file;
  private final InstantSource clock;
  private final long compactAfterBytes;
  /** Minute -> {latest epoch millis in it, count}. At most one entry per minute of the retention. */
  private final TreeMap<Long, long[]> minutes = new TreeMap<>();
  private WarmupSchedule.State warmupState;
  private FileChannel channel;
  private long size;
  private long compactedSize;

  private UsageJournal(Path directory, String upstream, InstantSource clock, long compactAfterBytes) {
    this.directory = directory;
    this.file = directory.resolve(upstream + ".log");
    this.clock = clock;
    this.compactAfterBytes = compactAfterBytes;
  }

  /** Opens (creating if needed) the journal of {@code upstream} under {@code directory}. */
  public static UsageJournal open(Path directory, String upstream, InstantSource clock) throws IOException {
    return open(directory, upstream, clock, DEFAULT_COMPACT_AFTER_BYTES);
  }

  /**
   * Opens (creating if needed) the journal of {@code upstream} under {@code directory}, replays it and
   * rewrites it compacted.
   *
   * @param compactAfterBytes the size past which the file is compacted again
   */
  public static UsageJournal open(Path directory, String upstream, InstantSource clock, long compactAfterBytes)
      throws IOException {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(clock, "clock");
    if (!UPSTREAM_NAME.matcher(upstream).matches()) {
      throw new IllegalArgumentException("upstream name not usable as a file name: " + upstream);
    }
    if (compactAfterBytes < 1) {
      throw new IllegalArgumentException("compactAfterBytes must be >= 1, was " + compactAfterBytes);
    }
    Files.createDirectories(directory);
    UsageJournal journal = new UsageJournal(directory, upstream, clock, compactAfterBytes);
    synchronized (journal) {
      journal.replay();
      journal.compact();
    }
    return journal;
  }

  public Path file() {
    return file;
  }

  /** The counts kept (the last {@link #RETENTION}, merged per minute), oldest first. */
  public synchronized List<Usage> usage() {
    prune();
    List<Usage> usage = new ArrayList<>(minutes.size());
    for (long[] entry : minutes.values()) {
      usage.add(new Usage(Instant.ofEpochMilli(entry[0]), entry[1]));
    }
    return usage;
  }

  /** Puts the kept counts into {@code quota}, typically right after a restart. */
  public void restoreInto(SendingQuota quota) {
    for (Usage usage : usage()) {
      quota.restore(usage.at(), usage.count());
    }
  }

  /** The last warmup state recorded, if any. */
  public synchronized Optional<WarmupSchedule.State> warmupState() {
    return Optional.ofNullable(warmupState);
  }

  /**
   * Appends a count (not forced to disk; see the class comment).
   *
   * @throws UncheckedIOException if the file can't be written
   */
  @Override
  public synchronized void record(Instant at, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    if (count == 0) {
      return;
    }
    remember(at.toEpochMilli(), count);
    append(at.toEpochMilli() + " " + count + "\n");
  }

  /**
   * Appends the warmup state; call it whenever {@link WarmupSchedule#advance} moved a step.
   *
   * @throws UncheckedIOException if the file can't be written
   */
  public synchronized void recordWarmup(WarmupSchedule.State state) {
    warmupState = Objects.requireNonNull(state, "state");
    append(warmupLine(state));
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  private void append(String line) {
    if (channel == null) {
      throw new IllegalStateException("usage journal closed: " + file);
    }
    try {
      ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
      while (bytes.hasRemaining()) {
        size += channel.write(bytes);
      }
      if (size > Math.max(compactAfterBytes, 2 * compactedSize)) {
        compact();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("failed to append to usage journal " + file, e);
    }
  }

  private void replay() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    int lineStart = 0;
    int skipped = 0;
    while (lineStart < text.length()) {
      int end = text.indexOf('\n', lineStart);
      if (end < 0) {
        log.warn("usage journal {}: ignoring a torn last line ({} bytes)", file, text.length() - lineStart);
        break;
      }
      if (!parse(text.substring(lineStart, end))) {
        skipped++;
      }
      lineStart = end + 1;
    }
    if (skipped > 0) {
      log.warn("usage journal {}: ignored {} line(s) that did not parse", file, skipped);
    }
  }

  private boolean parse(String line) {
    if (line.isEmpty() || line.startsWith("#")) {
      return true;
    }
    String[] fields = line.split(" ");
    try {
      if (fields[0].equals("warmup") && fields.length == 3) {
        warmupState = new WarmupSchedule.State(Integer.parseInt(fields[1]), LocalDate.parse(fields[2]));
        return true;
      }
      if (fields.length == 2) {
        long count = Long.parseLong(fields[1]);
        if (count < 0) {
          return false;
        }
        remember(Long.parseLong(fields[0]), count);
        return true;
      }
    } catch (RuntimeException e) {
      return false;
    }
    return false;
  }

  private void remember(long epochMillis, long count) {
    long[] entry = minutes.computeIfAbsent(Math.floorDiv(epochMillis, MINUTE_MILLIS), minute -> new long[2]);
    entry[0] = Math.max(entry[0], epochMillis);
    entry[1] += count;
    prune();
  }

  private void prune() {
    long oldest = clock.instant().minus(RETENTION).toEpochMilli();
    while (!minutes.isEmpty() && minutes.firstEntry().getValue()[0] < oldest) {
      minutes.pollFirstEntry();
    }
  }

  /** Rewrites the file from memory: temp file, force, rename over, force the directory; then reopens. */
  private void compact() throws IOException {
    prune();
    StringBuilder text = new StringBuilder("# pool relay usage journal: <epoch millis> <count> | warmup <step> <day>\n");
    if (warmupState != null) {
      text.append(warmupLine(warmupState));
    }
    for (Map.Entry<Long, long[]> entry : minutes.entrySet()) {
      text.append(entry.getValue()[0]).append(' ').append(entry.getValue()[1]).append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
    Path temp = directory.resolve(file.getFileName() + ".tmp");
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    }
    close();
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDirectory();
    channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = bytes.length;
    compactedSize = bytes.length;
  }

  private void forceDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some platforms can't open a directory; the rename itself is still atomic.
      log.debug("could not force directory {}", directory, e);
    }
  }

  private static String warmupLine(WarmupSchedule.State state) {
    return "warmup " + state.step() + " " + state.lastAdvanced() + "\n";
  }
}
