package io.poolrelay.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.server.deploy.DockerfileModel.Instruction;
import io.poolrelay.server.deploy.DockerfileModel.Stage;
import io.poolrelay.server.it.Await;
import io.poolrelay.server.it.SmtpDialog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Dockerfile's runtime stage outside a container (CI has no Docker engine). The stage's COPY
 * instructions are carried out into a temporary root (build-stage paths map to this checkout, so this
 * needs {@code mvn package} first: failsafe runs it in the integration-test phase), then exactly its
 * ENTRYPOINT + CMD is started, read from the Dockerfile so the two cannot drift. Substitutions, and
 * only these: {@code java} is this JDK's java, every absolute path (in the command and the spool
 * directory in the copied config) is moved under the temporary root, and the image's
 * POOLRELAY_SMTP_ADDRESS and POOLRELAY_ADMIN_ADDRESS are set to 127.0.0.1 port 0 instead of 0.0.0.0. The
 * test then sends one message, runs the HEALTHCHECK command, sends SIGTERM and waits for the exit.
 */
class DockerRuntimeIT {

  private static final Pattern SMTP_READY = Pattern.compile("listener default accepting on 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern ADMIN_READY = Pattern.compile("admin: listening on http://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern QUEUED = Pattern.compile("queued as (\\S+)");
  private static final Duration START = Duration.ofSeconds(60);
  /** The drain (30 s) plus a margin: what the README tells operators to give docker stop. */
  private static final Duration STOP = Duration.ofSeconds(45);

  private final Path repository = DeployFiles.repositoryRoot();

  @TempDir
  Path root;

  @Test
  void theRuntimeStagesCommandServesMailAnswersItsHealthcheckAndStopsOnSigterm() throws Exception {
    DockerfileModel dockerfile = DockerfileModel.parse(DeployFiles.read(repository.resolve("Dockerfile")));
    Stage runtime = dockerfile.finalStage();
    install(dockerfile, runtime);

    List<String> command = new ArrayList<>(DockerfileModel.execForm(runtime.last("ENTRYPOINT").orElseThrow().arguments()));
    command.addAll(DockerfileModel.execForm(runtime.last("CMD").orElseThrow().arguments()));
    assertEquals("java", command.getFirst(), "the image runs java from its PATH");
    command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.replaceAll(arg -> arg.startsWith("/") && !arg.equals(command.getFirst()) ? underRoot(arg).toString() : arg);

    Map<String, String> env = new HashMap<>(runtime.environment());
    env.putAll(DeployFiles.OPERATOR_SECRETS);
    env.put("POOLRELAY_SMTP_ADDRESS", "127.0.0.1:0");
    env.put("POOLRELAY_ADMIN_ADDRESS", "127.0.0.1:0");
    Path workdir = underRoot(runtime.last("WORKDIR").orElseThrow().arguments());
    Path log = root.resolve("relay.log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process relay = builder.start();
    try {
      Await.until(START, "the listener and admin lines in " + log,
          () -> (find(log, SMTP_READY).isPresent() && find(log, ADMIN_READY).isPresent()) || !relay.isAlive());
      assertTrue(relay.isAlive(), "relay exited with " + exitValue(relay) + ":\n" + text(log));
      int smtpPort = Integer.parseInt(find(log, SMTP_READY).orElseThrow().group(1));
      int adminPort = Integer.parseInt(find(log, ADMIN_READY).orElseThrow().group(1));
      // In the image the admin address is fixed before start; here port 0 picked it, so the healthcheck
      // is told the bound port the same way: through POOLRELAY_ADMIN_ADDRESS.
      env.put("POOLRELAY_ADMIN_ADDRESS", "127.0.0.1:" + adminPort);

      String queueId;
      try (SmtpDialog smtp = SmtpDialog.connect(smtpPort)) {
        SmtpDialog.expect(smtp.greeting(), "220");
        SmtpDialog.expect(smtp.command("EHLO app.example.com"), "250");
        String reply = smtp.sendMessage("app@example.com", List.of("user@example.net"),
            "From: app@example.com\r\nTo: user@example.net\r\nSubject: container command\r\n\r\nhello\r\n");
        SmtpDialog.expect(reply, "250");
        Matcher queued = QUEUED.matcher(reply);
        assertTrue(queued.find(), reply);
        queueId = queued.group(1);
        SmtpDialog.expect(smtp.command("QUIT"), "221");
      }
      Path spool = underRoot("/var/lib/poolrelay");
      try (Stream<Path> files = Files.walk(spool)) {
        assertTrue(files.anyMatch(f -> f.getFileName().toString().contains(queueId)),
            "the accepted message is in the spool volume " + spool);
      }

      HealthcheckResult healthy = healthcheck(runtime, env);
      assertEquals(0, healthy.exit(), "HEALTHCHECK against the running relay: " + healthy.output());

      relay.destroy(); // SIGTERM, as docker stop sends with STOPSIGNAL SIGTERM
      assertTrue(relay.waitFor(STOP.toSeconds(), TimeUnit.SECONDS), "relay still running " + STOP + " after SIGTERM");
      int exit = relay.exitValue();
      assertEquals(0, exit, "a drained stop exits 0; log:\n" + text(log));

      HealthcheckResult stopped = healthcheck(runtime, env);
      assertNotEquals(0, stopped.exit(), "HEALTHCHECK must fail once the relay is gone: " + stopped.output());
    } finally {
      if (relay.isAlive()) {
        relay.destroyForcibly();
        relay.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private record HealthcheckResult(int exit, String output) {}

  /** Runs the stage's HEALTHCHECK CMD with the container's environment, bounded by its --timeout. */
  private HealthcheckResult healthcheck(Stage runtime, Map<String, String> env) throws IOException, InterruptedException {
    Instruction check = runtime.last("HEALTHCHECK").orElseThrow();
    Duration timeout = Duration.ofSeconds(Long.parseLong(
        DockerfileModel.flags(check.arguments()).getOrDefault("timeout", "30s").replace("s", "")));
    String cmd = DockerfileModel.afterFlags(check.arguments());
    assertTrue(cmd.startsWith("CMD "), cmd);
    ProcessBuilder builder = new ProcessBuilder(DockerfileModel.execForm(cmd.substring(4))).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
      return new HealthcheckResult(-1, "timed out after " + timeout);
    }
    return new HealthcheckResult(process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /**
   * Carries out the runtime stage's COPY instructions into {@link #root}: {@code --from=STAGE} sources
   * are under that stage's WORKDIR, which holds this checkout ({@code COPY . .}); the others are in the
   * build context, this checkout. Then makes the VOLUME and WORKDIR directories (the stage's RUN does).
   */
  private void install(DockerfileModel dockerfile, Stage runtime) throws IOException {
    for (Instruction copy : runtime.all("COPY")) {
      Map<String, String> flags = DockerfileModel.flags(copy.arguments());
      List<String> words = DockerfileModel.words(DockerfileModel.afterFlags(copy.arguments()));
      assertEquals(2, words.size(), "COPY with one source: line " + copy.line());
      String source = words.get(0);
      if (flags.containsKey("from")) {
        Stage build = dockerfile.stage(flags.get("from")).orElseThrow();
        String workdir = build.last("WORKDIR").orElseThrow().arguments();
        assertTrue(build.all("COPY").stream().anyMatch(c -> c.arguments().equals(". .")), "the build stage copies the checkout");
        assertTrue(source.startsWith(workdir + "/"), source + " is under the build stage's " + workdir);
        source = source.substring(workdir.length() + 1);
      }
      Path from = repository.resolve(source);
      Path to = underRoot(words.get(1));
      assertTrue(Files.exists(from), from + " (COPY line " + copy.line() + ") exists: run `mvn package` first");
      copy(from, to);
    }
    for (Instruction volume : runtime.all("VOLUME")) {
      for (String dir : DockerfileModel.execForm(volume.arguments())) {
        Files.createDirectories(underRoot(dir));
      }
    }
    Files.createDirectories(underRoot(runtime.last("WORKDIR").orElseThrow().arguments()));
    // The one absolute path inside the config: the spool. Move it under the root like the command's paths.
    Path config = underRoot("/etc/poolrelay/poolrelay.yaml");
    String yaml = Files.readString(config, StandardCharsets.UTF_8);
    assertTrue(yaml.contains("directory: /var/lib/poolrelay"), "the spool is /var/lib/poolrelay in " + config);
    Files.writeString(config, yaml.replace("directory: /var/lib/poolrelay", "directory: " + underRoot("/var/lib/poolrelay")));
  }

  private static void copy(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (Stream<Path> tree = Files.walk(from)) {
      for (Path file : tree.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private Path underRoot(String absolute) {
    assertTrue(absolute.startsWith("/"), absolute);
    return root.resolve(absolute.substring(1));
  }

  private static Optional<Matcher> find(Path log, Pattern pattern) {
    Matcher m = pattern.matcher(text(log));
    return m.find() ? Optional.of(m) : Optional.empty();
  }

  private static String text(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String exitValue(Process process) {
    return process.isAlive() ? "(still running)" : String.valueOf(process.exitValue());
  }
}
