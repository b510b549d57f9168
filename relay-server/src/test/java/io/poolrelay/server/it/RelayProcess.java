package io.poolrelay.server.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay as a separate process ({@code Main serve --config FILE}), for tests that must kill it the
 * way an operator or the kernel would. Its stdout and stderr go to a log file, which is how the test
 * learns the listener's port and waits for events.
 */
public final class RelayProcess implements AutoCloseable {

  private static final Pattern READY = Pattern.compile("listener default accepting on 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern RECOVERED = Pattern.compile("spool: recovered (\\d+) queued message\\(s\\)");

  private final Process process;
  private final Path log;
  private int port;

  private RelayProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code serve --config config} with this JVM's class path; waits for the listener line. */
  public static RelayProcess start(Path config, Path log, Duration readyTimeout) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"),
        "io.poolrelay.server.cli.Main", "serve", "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    RelayProcess relay = new RelayProcess(builder.start(), log);
    try {
      Await.until(readyTimeout, "the relay to log its listener line in " + log,
          () -> relay.find(READY).isPresent() || !relay.process.isAlive());
      Matcher ready = relay.find(READY).orElseThrow(() -> new AssertionError(
          "relay exited with " + relay.process.exitValue() + " before listening:\n" + relay.logText()));
      relay.port = Integer.parseInt(ready.group(1));
    } catch (RuntimeException | AssertionError e) {
      relay.process.destroyForcibly();
      throw e;
    }
    return relay;
  }

  public int port() {
    return port;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  /** The N of {@code spool: recovered N queued message(s)}, or 0 when the relay logged none. */
  public int recovered() {
    return find(RECOVERED).map(m -> Integer.parseInt(m.group(1))).orElse(0);
  }

  /** Log lines containing {@code text}. */
  public List<String> linesContaining(String text) {
    return logText().lines().filter(line -> line.contains(text)).toList();
  }

  /** SIGKILL: no shutdown hook, no flush, no chance to finish anything. Returns the exit code. */
  public int kill(Duration timeout) throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("relay pid " + process.pid() + " still alive " + timeout + " after SIGKILL");
    }
    return process.exitValue();
  }

  /** SIGTERM (what an operator or a service manager sends to stop the relay); returns at once. */
  public void terminate() {
    process.destroy();
  }

  /** Waits for the relay to exit and returns its exit code; fails when it outlives {@code timeout}. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("relay pid " + process.pid() + " still alive after " + timeout);
    }
    return process.exitValue();
  }

  /** SIGTERM, then waits; SIGKILL if the relay outlives the deadline. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Prints the last {@code lines} lines of the log, headed by its path: what a failed test shows. */
  public void printTail(int lines) {
    System.out.println("---- " + log + " (last " + lines + " lines)");
    List<String> all = logText().lines().toList();
    all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.out::println);
  }

  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read relay log " + log, e);
    }
  }

  private Optional<Matcher> find(Pattern pattern) {
    Matcher matcher = pattern.matcher(logText());
    return matcher.find() ? Optional.of(matcher) : Optional.empty();
  }
}
