package io.poolrelay.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.validate.ConfigException;
import io.poolrelay.server.deploy.DockerfileModel.Instruction;
import io.poolrelay.server.deploy.DockerfileModel.Stage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's essential properties, checked without a Docker engine (CI has none; bin/check-deploy
 * also lints the file with dockerfile-utils). DockerRuntimeIT runs the runtime stage's command.
 */
class DockerfileTest {

  private static final Pattern JDK_MAJOR = Pattern.compile("(?:temurin-|eclipse-temurin:|jdk-?)(\\d+)");

  private final Path root = DeployFiles.repositoryRoot();

  @Test
  void theRepositoryDockerfileHasEveryEssentialProperty() throws IOException {
    assertEquals(List.of(), problems(DeployFiles.read(root.resolve("Dockerfile"))));
  }

  @Test
  void aSingleStageRootImageWithShellFormCommandsIsRejected() throws IOException {
    String bad = """
        FROM eclipse-temurin:21-jdk
        COPY relay-server/target/relay-server.jar /opt/poolrelay/relay-server.jar
        ENTRYPOINT java -jar /opt/poolrelay/relay-server.jar
        CMD serve --config /etc/poolrelay/poolrelay.yaml
        """;
    List<String> problems = problems(bad);
    for (String expected : List.of("multi-stage", "JRE", "USER", "HEALTHCHECK", "ENTRYPOINT", "CMD", "VOLUME",
        "STOPSIGNAL", "EXPOSE")) {
      assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
          "expected a problem about " + expected + " in " + problems);
    }
  }

  @Test
  void aFinalStageThatSwitchesBackToRootIsRejected() throws IOException {
    String dockerfile = DeployFiles.read(root.resolve("Dockerfile")).replace("\nSTOPSIGNAL", "\nUSER root\nSTOPSIGNAL");
    assertTrue(problems(dockerfile).stream().anyMatch(p -> p.contains("USER")), problems(dockerfile).toString());
  }

  @Test
  void theExecFormParserReadsEscapes() {
    assertEquals(List.of("bash", "-c", "printf 'a\\r\\n' \"q\""),
        DockerfileModel.execForm("[\"bash\", \"-c\", \"printf 'a\\\\r\\\\n' \\\"q\\\"\"]"));
  }

  /** Every way {@code dockerfile} falls short of what the README promises about the image; empty when none. */
  private List<String> problems(String dockerfile) throws IOException {
    List<String> problems = new ArrayList<>();
    DockerfileModel model = DockerfileModel.parse(dockerfile);
    Stage runtime = model.finalStage();
    if (model.stages().size() < 2) {
      problems.add("not a multi-stage build: one FROM");
    } else {
      Stage build = model.stages().get(model.stages().size() - 2);
      if (!build.baseImage().contains("maven") || jdkMajor(build.baseImage()) < 21) {
        problems.add("the build stage is not Maven on a JDK 21+: " + build.baseImage());
      }
      if (runtime.all("COPY").stream().noneMatch(c -> DockerfileModel.flags(c.arguments()).containsKey("from"))) {
        problems.add("the runtime stage copies nothing from the build stage (multi-stage in name only)");
      }
    }
    if (!runtime.baseImage().contains("jre") || jdkMajor(runtime.baseImage()) < 21) {
      problems.add("the runtime stage is not a JRE 21+: " + runtime.baseImage());
    }
    Optional<Instruction> user = runtime.last("USER");
    if (user.isEmpty() || user.get().arguments().matches("(root|0)(:.*)?")) {
      problems.add("the runtime stage does not end as a non-root USER: " + user.map(Instruction::arguments).orElse("none"));
    }
    Optional<Instruction> healthcheck = runtime.last("HEALTHCHECK");
    if (healthcheck.isEmpty()) {
      problems.add("no HEALTHCHECK in the runtime stage");
    } else {
      String command = DockerfileModel.afterFlags(healthcheck.get().arguments());
      if (!command.startsWith("CMD ") || !DockerfileModel.isExecForm(command.substring(4))
          || !command.contains("/healthz")) {
        problems.add("HEALTHCHECK is not an exec-form CMD asking /healthz: " + command);
      }
    }
    Optional<Instruction> entrypoint = runtime.last("ENTRYPOINT");
    if (entrypoint.isEmpty() || !DockerfileModel.isExecForm(entrypoint.get().arguments())) {
      problems.add("ENTRYPOINT is missing or not in exec form (java would not get SIGTERM)");
    }
    Optional<Instruction> cmd = runtime.last("CMD");
    if (cmd.isEmpty() || !DockerfileModel.isExecForm(cmd.get().arguments())) {
      problems.add("CMD is missing or not in exec form");
    }
    if (!runtime.last("STOPSIGNAL").map(s -> s.arguments().equals("SIGTERM")).orElse(false)) {
      problems.add("STOPSIGNAL is not SIGTERM");
    }
    if (entrypoint.isEmpty() || cmd.isEmpty() || !DockerfileModel.isExecForm(cmd.get().arguments())) {
      problems.add("VOLUME not checked: no exec-form command names the configuration");
      problems.add("EXPOSE not checked: no exec-form command names the configuration");
      return problems;
    }
    List<String> command = DockerfileModel.execForm(cmd.get().arguments());
    int config = command.indexOf("--config");
    if (config < 0 || config + 1 >= command.size()) {
      problems.add("CMD does not name the configuration with --config: " + command);
      return problems;
    }
    String configPath = command.get(config + 1);
    Optional<String> configSource = runtime.all("COPY").stream()
        .filter(c -> !DockerfileModel.flags(c.arguments()).containsKey("from"))
        .map(c -> DockerfileModel.words(DockerfileModel.afterFlags(c.arguments())))
        .filter(w -> w.size() == 2 && w.get(1).equals(configPath))
        .map(List::getFirst).findFirst();
    if (configSource.isEmpty()) {
      problems.add("no COPY puts a configuration at " + configPath);
      return problems;
    }
    RelayConfig loaded;
    try {
      loaded = DeployFiles.load(DeployFiles.read(root.resolve(configSource.get())), configSource.get(), runtime.environment());
    } catch (ConfigException e) {
      problems.add("the image's configuration does not load with its ENV and the README's secrets: " + e.getMessage());
      return problems;
    }
    List<String> volumes = runtime.all("VOLUME").stream()
        .flatMap(v -> DockerfileModel.isExecForm(v.arguments())
            ? DockerfileModel.execForm(v.arguments()).stream() : DockerfileModel.words(v.arguments()).stream())
        .toList();
    String spool = loaded.spool().directory().toString();
    if (!volumes.contains(spool)) {
      problems.add("the spool directory " + spool + " is not a VOLUME: " + volumes);
    }
    List<String> exposed = runtime.all("EXPOSE").stream()
        .flatMap(e -> DockerfileModel.words(e.arguments()).stream()).map(p -> p.replace("/tcp", "")).toList();
    List<Integer> ports = new ArrayList<>(loaded.listeners().stream().map(l -> l.address().port()).toList());
    if (loaded.admin().enabled()) {
      ports.add(loaded.admin().address().port());
    }
    for (int port : ports) {
      if (!exposed.contains(String.valueOf(port))) {
        problems.add("port " + port + " of the configuration is not in EXPOSE " + exposed);
      }
    }
    return problems;
  }

  private static int jdkMajor(String image) {
    Matcher m = JDK_MAJOR.matcher(image);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
