package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.Script;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page of a running relay, as headless Chromium renders it: two pools, three upstreams (one
 * up with usage against its hourly limit, one paused by hand, one down), mail deferred and mail
 * waiting. Needs Debian's {@code chromium} ({@code bin/install-test-peers} installs it) and fails
 * without it. Leaves the screenshot in {@code target/status-page.png}; the README's
 * {@code docs/status-page.png} is a copy of it.
 */
class StatusPageIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration CHROMIUM_TIMEOUT = Duration.ofSeconds(60);
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir
  Path dir;

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void send(RunningRelay relay, String from, List<String> recipients) throws IOException {
    try (SmtpDialog client = SmtpDialog.connect(relay.port())) {
      SmtpDialog.expect(client.command("EHLO app.test"), "250");
      for (String to : recipients) {
        SmtpDialog.expect(client.sendMessage(from, List.of(to),
            "From: " + from + "\r\nSubject: status page\r\n\r\nbody\r\n"), "250 2.0.0");
      }
    }
  }

  @Test
  void chromiumShowsEveryPoolAndUpstreamWithTheStatesAndNumbersOfTheRunningRelay() throws Exception {
    String warmupStart = LocalDate.now(ZoneOffset.UTC).toString();
    try (FakeSmtpServer alpha = FakeSmtpServer.start(
            Script.accepting().replyToRcpt("later@example.net", 451, "4.2.2 mailbox full, try later"));
        FakeSmtpServer beta = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, """
            listeners: [ { name: default, address: 127.0.0.1:0 } ]
            upstreams:
              alpha: { type: smtp, host: 127.0.0.1, port: %d, tls: none, hourly_limit: 10, daily_limit: 200,
                       warmup: { start: %s, daily: [100, 150, 200] } }
              beta:  { type: smtp, host: 127.0.0.1, port: %d, tls: none, hourly_limit: 500 }
              gamma: { type: smtp, host: 127.0.0.1, port: %d, tls: none, connect_timeout: 1s,
                       health: { interval: 1s, timeout: 1s, failures_to_down: 1, cool_down: 1h, max_cool_down: 1h } }
            pools:
              transactional: { strategy: weighted, members: [ { upstream: alpha, weight: 3 }, { upstream: gamma, weight: 1 } ] }
              bulk: { strategy: priority, members: [ { upstream: beta } ] }
            routing:
              routes:
                - { match: { sender_domain: promo.example.com }, pool: bulk }
              default_pool: transactional
            spool: { directory: ${dir}/spool, retry: { schedule: [10m], max_age: 1d } }
            """.formatted(alpha.port(), warmupStart, beta.port(), closedPort()))) {
      Await.until(WAIT, "gamma's health check to fail", () -> UpstreamEntry.fetch(relay, "gamma").state().equals("down"));
      relay.relay().fleet().get("beta").health().pause(Duration.ofHours(1), "maintenance window");

      send(relay, "app@example.com", List.of("ann@example.net", "bob@example.net", "cy@example.net"));
      for (int i = 0; i < 3; i++) {
        alpha.takeTransaction(WAIT);
      }
      send(relay, "app@example.com", List.of("later@example.net"));
      send(relay, "news@promo.example.com", List.of("dee@example.net", "eve@example.net"));
      Await.until(WAIT, "one message deferred and two waiting", () -> {
        String page = fetch(relay.adminUrl() + "/");
        return page.contains("<div class=\"label\">Deferred</div><div class=\"value\">1</div>")
            && page.contains("<div class=\"label\">Waiting</div><div class=\"value\">2</div>");
      });
      Await.until(WAIT, "alpha's three recipients counted", () -> UpstreamEntry.fetch(relay, "alpha").sentLastHour() == 3);

      String chromium = chromium();
      Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
      String dom = runChromium(chromium, profile, "--dump-dom", relay.adminUrl() + "/");

      String alphaRow = row(dom, "alpha");
      assertTrue(alphaRow.contains("<span class=\"badge s-up\">up</span>"), alphaRow);
      assertTrue(alphaRow.contains("<div class=\"nums\">3 / 10</div>"), alphaRow);
      assertTrue(alphaRow.contains("style=\"width:30.0%\""), alphaRow);
      assertTrue(alphaRow.contains("<div class=\"nums\">3 / 100</div>"), "the day's cap is the warmup's first step: "
          + alphaRow);
      assertTrue(alphaRow.contains("warmup step 1 (100/day)"), alphaRow);

      String betaRow = row(dom, "beta");
      assertTrue(betaRow.contains("<span class=\"badge s-paused\">paused</span>"), betaRow);
      assertTrue(betaRow.contains("<div class=\"reason\">maintenance window</div>"), betaRow);
      assertTrue(betaRow.contains("until "), betaRow);
      assertTrue(betaRow.contains("<div class=\"nums\">0 / 500</div>"), betaRow);

      String gammaRow = row(dom, "gamma");
      assertTrue(gammaRow.contains("<span class=\"badge s-down\">down</span>"), gammaRow);
      assertTrue(gammaRow.contains("0 <span class=\"muted small\">· no limit</span>"), gammaRow);

      assertTrue(dom.contains("data-pool=\"transactional\""), dom);
      assertTrue(dom.contains("data-pool=\"bulk\""), dom);
      assertTrue(dom.contains("Queued<b>2</b></div><div>Waiting<b>2</b></div><div>Time to send<b>no member can send"),
          "bulk waits for beta: " + dom);
      assertTrue(dom.contains("<div class=\"label\">Queued</div><div class=\"value\">3</div>"), dom);
      assertTrue(dom.contains("<div class=\"label\">Waiting</div><div class=\"value\">2</div>"), dom);
      assertTrue(dom.contains("<div class=\"label\">Deferred</div><div class=\"value\">1</div>"), dom);
      assertTrue(dom.contains(">1 of 3 upstreams up</span>"), dom);
      assertTrue(dom.contains("upstream=gamma health UP -&gt; DOWN"), "the transition is a recent problem: " + dom);
      assertTrue(dom.contains("upstream=beta health UP -&gt; PAUSED: maintenance window"), dom);

      Path screenshot = Path.of("target", "status-page.png").toAbsolutePath();
      Files.deleteIfExists(screenshot);
      runChromium(chromium, profile, "--hide-scrollbars", "--window-size=1280,900", "--screenshot=" + screenshot,
          relay.adminUrl() + "/");
      assertTrue(Files.isRegularFile(screenshot), "no screenshot at " + screenshot);
      byte[] png = Files.readAllBytes(screenshot);
      assertTrue(png.length > 20_000, "a screenshot of the page is more than " + png.length + " bytes");
      assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 8), "a PNG file");
      ByteBuffer header = ByteBuffer.wrap(png, 16, 8);
      assertEquals(1280, header.getInt(), "width");
      assertEquals(900, header.getInt(), "height");
    }
  }

  /** The page as the admin server sends it, to wait for a state before Chromium looks. */
  private static String fetch(String url) {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      return response.body();
    } catch (IOException e) {
      throw new AssertionError("GET " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted fetching " + url, e);
    }
  }

  /** The upstreams table's row for {@code name}, as Chromium serialised it. */
  private static String row(String dom, String name) {
    Matcher m = Pattern.compile("<tr data-upstream=\"" + Pattern.quote(name) + "\">(.*?)</tr>", Pattern.DOTALL)
        .matcher(dom);
    assertTrue(m.find(), "no row for " + name + " in\n" + dom);
    return m.group(1);
  }

  /** Chromium on the PATH or at Debian's place; the test fails, never skips, without it. */
  private static String chromium() {
    Optional<Path> onPath = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, "chromium"))
        .filter(Files::isExecutable)
        .findFirst();
    if (onPath.isPresent()) {
      return onPath.get().toString();
    }
    if (Files.isExecutable(Path.of("/usr/bin/chromium"))) {
      return "/usr/bin/chromium";
    }
    return fail("chromium is not installed (not on the PATH, not /usr/bin/chromium): run bin/install-test-peers");
  }

  /** Runs headless Chromium with {@code args}; returns its standard output. Killed after the timeout. */
  private String runChromium(String chromium, Path profile, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(dir, "chromium", ".out");
    Path stderr = Files.createTempFile(dir, "chromium", ".err");
    Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    if (!process.waitFor(CHROMIUM_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      fail("chromium did not finish within " + CHROMIUM_TIMEOUT + ": " + command + "\n" + tail(stderr));
    }
    if (process.exitValue() != 0) {
      fail("chromium exited with " + process.exitValue() + ": " + command + "\n" + tail(stderr));
    }
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }
}
