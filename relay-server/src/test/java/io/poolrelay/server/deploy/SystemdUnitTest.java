package io.poolrelay.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.model.HostPort;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What systemd/poolrelay.service promises, beyond what {@code systemd-analyze verify} (bin/check-deploy)
 * can know: the config it names loads with its environment, the spool is its StateDirectory, it stops
 * after the relay's drain and it keeps the JVM's W^X-incompatible JIT working.
 */
class SystemdUnitTest {

  private static final String CONFIG = "/etc/poolrelay/poolrelay.yaml";
  /** The longest the relay's shutdown waits for deliveries in flight (lifecycle/Relay#close). */
  private static final Duration DRAIN = Duration.ofSeconds(30);

  private final Path root = DeployFiles.repositoryRoot();

  @Test
  void theProductionConfigLoadsWithTheUnitsEnvironmentAndKeepsTheSpoolInTheStateDirectory() throws Exception {
    Map<String, List<String>> unit = service();
    Map<String, String> env = new LinkedHashMap<>();
    for (String assignment : unit.getOrDefault("Environment", List.of())) {
      int eq = assignment.indexOf('=');
      env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
    }
    RelayConfig config = DeployFiles.load(DeployFiles.read(root.resolve("conf/poolrelay.production.yaml")),
        "conf/poolrelay.production.yaml", env);
    assertEquals(List.of("poolrelay"), unit.get("StateDirectory"));
    assertEquals(Path.of("/var/lib/poolrelay"), config.spool().directory());
    assertEquals(new HostPort("0.0.0.0", 25), config.listeners().getFirst().address());
    assertEquals(new HostPort("127.0.0.1", 8025), config.admin().address());
    assertTrue(config.admin().token().isPresent(), "the admin token comes from the environment file");
  }

  @Test
  void itRunsTheInstalledJarOnTheProductionConfig() throws IOException {
    String exec = single("ExecStart");
    assertTrue(exec.startsWith("/opt/poolrelay/java/bin/java "), exec);
    assertTrue(exec.endsWith(" -jar /opt/poolrelay/relay-server.jar serve --config " + CONFIG), exec);
    assertEquals("/etc/poolrelay/poolrelay.env", single("EnvironmentFile"));
  }

  @Test
  void itStopsWithSigtermAfterTheDrainAndCountsTheJvmsSigtermExitAsSuccess() throws IOException {
    assertEquals("SIGTERM", single("KillSignal"));
    assertTrue(seconds(single("TimeoutStopSec")).compareTo(DRAIN) > 0, "TimeoutStopSec must exceed " + DRAIN);
    assertTrue(List.of(single("SuccessExitStatus").split("\\s+")).contains("143"));
    assertEquals("on-failure", single("Restart"));
    assertEquals("kill -HUP $MAINPID", single("ExecReload"));
  }

  @Test
  void itRunsUnprivilegedWithOnlyTheRightToBindPort25AndTheUsualHardening() throws IOException {
    Map<String, List<String>> unit = service();
    assertEquals("yes", single("DynamicUser"));
    assertEquals("CAP_NET_BIND_SERVICE", single("AmbientCapabilities"));
    assertEquals("CAP_NET_BIND_SERVICE", single("CapabilityBoundingSet"));
    for (String[] expected : new String[][] {{"NoNewPrivileges", "yes"}, {"ProtectSystem", "strict"},
        {"ProtectHome", "yes"}, {"PrivateTmp", "yes"}, {"PrivateDevices", "yes"}}) {
      assertEquals(expected[1], single(expected[0]), expected[0]);
    }
    // The JIT writes code it then executes: MemoryDenyWriteExecute=yes would stop the JVM at start.
    assertFalse(unit.getOrDefault("MemoryDenyWriteExecute", List.of()).contains("yes"));
  }

  private String single(String key) throws IOException {
    List<String> values = service().getOrDefault(key, List.of());
    assertEquals(1, values.size(), key + " in [Service]: " + values);
    return values.getFirst();
  }

  /** The [Service] section: key -> every value assigned, in order. */
  private Map<String, List<String>> service() throws IOException {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    String section = "";
    for (String line : DeployFiles.read(root.resolve("systemd/poolrelay.service")).lines().toList()) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
        continue;
      }
      if (trimmed.startsWith("[")) {
        section = trimmed;
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (section.equals("[Service]") && eq > 0) {
        keys.computeIfAbsent(trimmed.substring(0, eq).strip(), k -> new ArrayList<>()).add(trimmed.substring(eq + 1).strip());
      }
    }
    return keys;
  }

  private static Duration seconds(String value) {
    Matcher m = Pattern.compile("(\\d+)\\s*(s|sec|min|m)?").matcher(value);
    assertTrue(m.matches(), "a duration this test reads: " + value);
    long n = Long.parseLong(m.group(1));
    return m.group(2) != null && m.group(2).startsWith("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
  }
}
