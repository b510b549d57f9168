package io.poolrelay.server.deploy;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.load.ConfigLoader;
import io.poolrelay.config.validate.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Where the deployment files are, and the production config as the unit or the image would load it. */
final class DeployFiles {

  /** The secrets an operator must provide (README); tests give them dummy values, nothing else. */
  static final Map<String, String> OPERATOR_SECRETS = Map.of(
      "POOLRELAY_ADMIN_TOKEN", "test-admin-token",
      "POOLRELAY_UPSTREAM_HOST", "127.0.0.1",
      "POOLRELAY_UPSTREAM_USER", "relay",
      "POOLRELAY_UPSTREAM_PASSWORD", "test-password");

  private DeployFiles() {}

  /** The repository's root: the first directory up from the working directory that has a Dockerfile. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("Dockerfile")) && Files.isDirectory(dir.resolve("relay-server"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new AssertionError("no repository root (with Dockerfile and relay-server/) above " + Path.of("").toAbsolutePath());
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Loads {@code yaml} with {@code environment} plus {@link #OPERATOR_SECRETS}, as check-config would. */
  static RelayConfig load(String yaml, String sourceName, Map<String, String> environment) throws ConfigException {
    Map<String, String> env = new HashMap<>(OPERATOR_SECRETS);
    env.putAll(environment);
    return new ConfigLoader(env, "poolrelay.test").parse(yaml, sourceName);
  }
}
