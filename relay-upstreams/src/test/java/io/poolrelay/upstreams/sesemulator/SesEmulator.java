package io.poolrelay.upstreams.sesemulator;

import io.poolrelay.upstreams.sesstub.StubAccount;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The {@code aws-ses-v2-local} emulator (npm, pinned by {@code bin/install-test-peers}) as a test peer: a
 * node process on 127.0.0.1 and a free port that answers SES v2 the way a third party reimplemented it,
 * so the ses upstream is also tested against an SES it was not written alongside.
 *
 * <pre>{@code
 * try (var ses = SesEmulator.start(StubAccount.sandbox())) {
 *   // ... a SesV2Client with endpointOverride(ses.endpoint()) sends ...
 *   assertEquals(1, ses.store().size());
 * }
 * }</pre>
 *
 * <p>What it does not do (see STACK.md): it keeps parsed mail, not raw bytes, and no tags; for raw content
 * it takes recipients from the headers, not the envelope; every error is a plain 400 without
 * {@code x-amzn-ErrorType}; it does not count sends into {@code SentLast24Hours} and never throttles or
 * refuses. Errors, faults and byte-exact checks are {@code SesStub}'s job.
 *
 * <p>It fails, rather than skips, when node or the package is missing, with a message saying to run
 * {@code bin/install-test-peers}. One thread, {@code sesemulator-output}, drains the process's output;
 * {@link #close()} stops the process and joins it.
 */
public final class SesEmulator implements AutoCloseable {

  private static final Duration START_DEADLINE = Duration.ofSeconds(30);
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
  /** A free port can be taken between our probe and node's bind; that is worth another port, not more. */
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final Thread outputThread;
  private final EmulatorOutput output;
  private final int port;

  private SesEmulator(Process process, Thread outputThread, EmulatorOutput output, int port) {
    this.process = process;
    this.outputThread = outputThread;
    this.output = output;
    this.port = port;
  }

  /** Starts with a {@link StubAccount#production()} account. */
  public static SesEmulator start() {
    return start(StubAccount.production());
  }

  /**
   * Starts the emulator with {@code account} as what GetAccount answers, and waits until it listens.
   *
   * @throws IllegalStateException when node or the package is missing, or the emulator does not come up
   *     within the deadline (with its last output lines)
   */
  public static SesEmulator start(StubAccount account) {
    Objects.requireNonNull(account, "account");
    EmulatorInstall install = EmulatorInstall.locate();
    List<String> failures = new ArrayList<>();
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      Optional<SesEmulator> started = tryStart(install, account, freePort(), failures);
      if (started.isPresent()) {
        return started.get();
      }
    }
    throw new IllegalStateException("sesemulator: failed to start " + START_ATTEMPTS + " times:\n"
        + String.join("\n", failures));
  }

  /** {@code http://127.0.0.1:<port>}, for the SDK's {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** The emails the emulator received so far, oldest first ({@code GET /store}). */
  public List<EmulatorEmail> store() {
    JsonNode root = JsonNode.parser().parse(request("GET", "/store"));
    List<EmulatorEmail> emails = new ArrayList<>();
    for (JsonNode email : root.field("emails").map(JsonNode::asArray).orElse(List.of())) {
      Optional<JsonNode> destination = email.field("destination");
      Optional<JsonNode> body = email.field("body");
      emails.add(new EmulatorEmail(
          string(email.field("messageId")).orElse(""),
          string(email.field("from")).orElse(""),
          strings(destination.flatMap(d -> d.field("to"))),
          strings(destination.flatMap(d -> d.field("cc"))),
          strings(destination.flatMap(d -> d.field("bcc"))),
          string(email.field("subject")).orElse(""),
          body.flatMap(b -> string(b.field("text"))),
          body.flatMap(b -> string(b.field("html"))),
          email.field("at").filter(JsonNode::isNumber).map(n -> Long.parseLong(n.asNumber())).orElse(0L)));
    }
    return List.copyOf(emails);
  }

  /** Empties the store ({@code POST /clear-store}). */
  public void clearStore() {
    request("POST", "/clear-store");
  }

  /**
   * Stops the process (SIGTERM, then SIGKILL after a deadline) and joins the output thread.
   *
   * @throws IllegalStateException when the process or the thread outlives the deadlines
   */
  @Override
  public void close() {
    process.destroy();
    boolean interrupted = false;
    try {
      if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      }
      outputThread.join(STOP_DEADLINE);
    } catch (InterruptedException e) {
      interrupted = true;
      process.destroyForcibly();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (process.isAlive() || outputThread.isAlive()) {
      throw new IllegalStateException("sesemulator: pid " + process.pid() + " or its output thread outlived "
          + STOP_DEADLINE + " after close");
    }
  }

  @Override
  public String toString() {
    return "SesEmulator[" + endpoint() + ", pid " + process.pid() + "]";
  }

  private static Optional<SesEmulator> tryStart(EmulatorInstall install, StubAccount account, int port, List<String> failures) {
    ProcessBuilder builder = new ProcessBuilder(install.node().toString(), install.script().toString(),
        "--host", "127.0.0.1", "--port", Integer.toString(port)) // Always --host: the default is every interface.
        .redirectErrorStream(true);
    builder.environment().put("AWS_SES_ACCOUNT", account.toJson());
    builder.environment().remove("SMTP_TRANSPORT"); // Would make it forward every mail over SMTP.
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("sesemulator: failed to run " + builder.command(), e);
    }
    EmulatorOutput output = new EmulatorOutput(process.getInputStream());
    Thread thread = Thread.ofPlatform().name("sesemulator-output").daemon(true).start(output);
    SesEmulator emulator = new SesEmulator(process, thread, output, port);
    boolean ready;
    try {
      ready = output.ready().get(START_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      emulator.close();
      throw new IllegalStateException("sesemulator: not listening on port " + port + " after " + START_DEADLINE
          + "; its output:\n  " + String.join("\n  ", output.tail()), e);
    } catch (InterruptedException e) {
      emulator.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("sesemulator: interrupted while starting", e);
    }
    if (ready) {
      return Optional.of(emulator);
    }
    emulator.close();
    List<String> tail = output.tail();
    if (tail.stream().noneMatch(line -> line.contains("failed to start server"))) {
      throw new IllegalStateException("sesemulator: " + builder.command() + " exited with "
          + process.exitValue() + "; its output:\n  " + String.join("\n  ", tail));
    }
    failures.add("port " + port + ": " + String.join(" | ", tail));
    return Optional.empty();
  }

  private byte[] request(String method, String path) {
    try {
      HttpURLConnection connection = (HttpURLConnection) endpoint().resolve(path).toURL().openConnection();
      connection.setRequestMethod(method);
      connection.setConnectTimeout((int) HTTP_TIMEOUT.toMillis());
      connection.setReadTimeout((int) HTTP_TIMEOUT.toMillis());
      int status = connection.getResponseCode();
      try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
        byte[] body = in == null ? new byte[0] : in.readAllBytes();
        if (status != 200) {
          throw new IllegalStateException("sesemulator: " + method + " " + path + " answered " + status + ": "
              + new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
        return body;
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("sesemulator: " + method + " " + path + " on " + endpoint() + " failed", e);
    }
  }

  private static int freePort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("sesemulator: failed to find a free port", e);
    }
  }

  private static Optional<String> string(Optional<JsonNode> node) {
    return node.filter(JsonNode::isString).map(JsonNode::asString);
  }

  private static List<String> strings(Optional<JsonNode> node) {
    return node.filter(JsonNode::isArray).map(JsonNode::asArray).orElse(List.of()).stream()
        .filter(JsonNode::isString).map(JsonNode::asString).toList();
  }
}
