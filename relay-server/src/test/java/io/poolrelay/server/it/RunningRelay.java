package io.poolrelay.server.it;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.load.ConfigLoader;
import io.poolrelay.server.lifecycle.Relay;
import io.poolrelay.server.spool.QueueDirectory;
import io.poolrelay.upstreams.time.SystemTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A relay started in the test's JVM from a YAML text. The text may use {@code ${dir}} for a fresh
 * directory (the spool goes under it by default) and should bind its listener to port 0.
 */
public final class RunningRelay implements AutoCloseable {

  private final Relay relay;
  private final Path directory;

  private RunningRelay(Relay relay, Path directory) {
    this.relay = relay;
    this.directory = directory;
  }

  public static RunningRelay start(Path directory, String yaml) throws Exception {
    return start(directory, yaml, new SystemTime());
  }

  /**
   * A relay whose wall clock (windows, limits, retry times) is {@code clock}; timeouts stay real. The
   * configuration is written to {@code relay.yaml} in {@code directory}, which is what a reload reads:
   * see {@link #writeConfig}.
   */
  public static RunningRelay start(Path directory, String yaml, InstantSource clock) throws Exception {
    Path file = directory.resolve("relay.yaml");
    Files.writeString(file, complete(yaml, directory));
    ConfigLoader loader = new ConfigLoader(Map.of(), "relay.test");
    RelayConfig config = loader.load(file);
    Relay relay = new Relay(config, () -> loader.load(file), clock, new SystemTime(), new SplittableRandom(42),
        "relay.test", new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Relay.DEFAULT_DRAIN_TIMEOUT);
    relay.start();
    return new RunningRelay(relay, directory);
  }

  /** {@code yaml} with {@code ${dir}} filled in, and the test defaults for the spool and the admin API. */
  private static String complete(String yaml, Path directory) {
    String text = yaml.replace("${dir}", directory.toString());
    if (!text.contains("spool:")) {
      text = text + "\nspool: { directory: " + directory.resolve("spool") + ", retry: { schedule: [1s], max_age: 1h } }\n";
    }
    if (!text.contains("admin:")) {
      text = text + "\nadmin: { address: 127.0.0.1:0 }\n";
    }
    return text;
  }

  /** Replaces the configuration file (completed as at start), for a test of reload; does not reload. */
  public void writeConfig(String yaml) throws IOException {
    Files.writeString(directory.resolve("relay.yaml"), complete(yaml, directory));
  }

  /**
   * Sends messages {@code from} to {@code to - 1} in one session, each from app@example.com to
   * {@code user<i>@example.net} with the subject {@code message <i>}, and expects each to be accepted.
   */
  public void send(int from, int to) throws IOException {
    try (SmtpDialog client = SmtpDialog.connect(port())) {
      SmtpDialog.expect(client.command("EHLO app.test"), "250");
      for (int i = from; i < to; i++) {
        SmtpDialog.expect(client.sendMessage("app@example.com", List.of("user" + i + "@example.net"),
            "Subject: message " + i + "\r\n\r\nbody\r\n"), "250 2.0.0");
      }
    }
  }

  public int port() {
    return relay.port("default");
  }

  public Relay relay() {
    return relay;
  }

  /** The value of a counter, 0 when it was never incremented. */
  public double counter(String name, String... tags) {
    var counter = relay.metrics().registry().find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  /** The admin API's base URL, e.g. {@code http://127.0.0.1:40123}. */
  public String adminUrl() {
    var address = relay.adminAddress().orElseThrow(() -> new IllegalStateException("admin API is disabled"));
    return "http://" + address.getHostString() + ":" + address.getPort();
  }

  public Path directory() {
    return directory;
  }

  /** Messages still in incoming/, active/ or deferred/. */
  public long queued() {
    long count = 0;
    for (QueueDirectory where : new QueueDirectory[] {QueueDirectory.INCOMING, QueueDirectory.ACTIVE, QueueDirectory.DEFERRED}) {
      count += countMessages(relay.spool().directory(where));
    }
    return count;
  }

  public long countMessages(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> !p.getFileName().toString().contains(".")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void awaitEmptyQueue(Duration timeout) {
    Await.until(timeout, "the spool to empty", () -> queued() == 0);
  }

  @Override
  public void close() {
    relay.close();
  }
}
