package io.poolrelay.config.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.model.SmtpUpstreamConfig;
import io.poolrelay.config.validate.ConfigError;
import io.poolrelay.config.validate.ConfigException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the golden files: every {@code config/valid/NN-name.yaml} must load, and every
 * {@code config/invalid/NN-name.yaml} must fail with exactly the lines of {@code NN-name.errors}.
 */
class ConfigLoaderTest {

  static final Map<String, String> ENVIRONMENT =
      Map.of(
          "PRIMARY_PASSWORD", "golden-secret-value",
          "SMTP_HOST", "smtp.example.net",
          "SMTP_PORT_TEXT", "not-a-port-SECRET",
          "APP2_HASH", "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
          "APP2_PLAIN_PASSWORD", "plain-password-SECRET",
          "POOLRELAY_ADMIN_TOKEN", "admin-token-SECRET");

  private final ConfigLoader loader = new ConfigLoader(ENVIRONMENT, "relay.test");

  static Stream<Path> validFiles() throws IOException, URISyntaxException {
    return yamlFiles("/config/valid");
  }

  static Stream<Path> invalidFiles() throws IOException, URISyntaxException {
    return yamlFiles("/config/invalid");
  }

  private static Stream<Path> yamlFiles(String resource) throws IOException, URISyntaxException {
    Path directory = Path.of(ConfigLoaderTest.class.getResource(resource).toURI());
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertFalse(yaml.isEmpty(), "no golden files in " + directory);
      return yaml.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFiles")
  void validGoldenFileLoads(Path file) {
    try {
      loader.load(file);
    } catch (ConfigException e) {
      fail(file.getFileName() + " should load but: " + e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFiles")
  void invalidGoldenFileFailsWithExactlyTheExpectedErrors(Path file) throws IOException {
    Path expectedFile = Path.of(file.toString().replaceFirst("\\.yaml$", ".errors"));
    assertTrue(Files.exists(expectedFile), "missing " + expectedFile.getFileName());
    List<String> expected =
        Files.readAllLines(expectedFile, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();

    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(file));

    List<String> actual = e.errors().stream().map(ConfigError::toString).toList();
    assertEquals(String.join("\n", expected), String.join("\n", actual), file.getFileName().toString());
    for (String secret : ENVIRONMENT.values()) {
      assertFalse(e.getMessage().contains(secret), "error text shows the value of a secret");
    }
  }

  @Test
  void unknownUpstreamInPoolMemberIsReportedWithPathAndLine() {
    String yaml =
        """
        upstreams:
          outbox: { type: file, directory: var/outbox }
        pools:
          all:
            members:
              - upstream: nosuch
        routing:
          default_pool: all
        """;

    ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml, "test.yaml"));

    assertEquals(
        List.of("pools.all.members[0].upstream: unknown upstream 'nosuch' (line 6)"),
        e.errors().stream().map(ConfigError::toString).toList());
    assertTrue(e.getMessage().startsWith("test.yaml: 1 problem\n"), e.getMessage());
  }

  @Test
  void unknownKeyIsAnErrorWithItsLine() {
    String yaml =
        """
        upstreams:
          outbox: { type: file, directory: var/outbox, enabeld: false }
        pools:
          all: { members: [ { upstream: outbox } ] }
        routing:
          default_pool: all
        """;

    ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml, "test.yaml"));

    assertEquals(
        List.of(
            "upstreams.outbox.enabeld: unknown key (known: type, enabled, directory, health, hourly_limit,"
                + " daily_limit, max_rate, burst, warmup, guard, envelope_from, from_rewrite) (line 2)"),
        e.errors().stream().map(ConfigError::toString).toList());
  }

  @Test
  void missingFileIsAConfigError(@TempDir Path directory) {
    Path file = directory.resolve("absent.yaml");

    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(file));

    assertEquals(
        List.of("(top level): cannot read configuration file " + file + ": no such file"),
        e.errors().stream().map(ConfigError::toString).toList());
  }

  @Test
  void directoryInsteadOfFileIsAConfigError(@TempDir Path directory) {
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(directory));

    assertEquals(1, e.errors().size());
    assertTrue(e.errors().get(0).message().startsWith("cannot read configuration file"), e.getMessage());
  }

  @Test
  void envSecretBecomesThePasswordAndIsNeverPrinted() throws ConfigException {
    String yaml =
        """
        upstreams:
          primary: { type: smtp, host: smtp.example.net, username: relay, password: "${env:PRIMARY_PASSWORD}" }
        pools:
          all: { members: [ { upstream: primary } ] }
        routing:
          default_pool: all
        """;

    RelayConfig config = loader.parse(yaml, "test.yaml");

    SmtpUpstreamConfig primary = (SmtpUpstreamConfig) config.upstream("primary");
    assertEquals("golden-secret-value", primary.password().orElseThrow().value());
    assertFalse(config.toString().contains("golden-secret-value"));
  }

  @Test
  void fileSecretIsReadWithoutItsTrailingNewline(@TempDir Path directory) throws Exception {
    Path secret = directory.resolve("password");
    Files.writeString(secret, "from-a-file\n");
    String yaml =
        """
        upstreams:
          primary: { type: smtp, host: smtp.example.net, username: relay, password: "${file:%s}" }
        pools:
          all: { members: [ { upstream: primary } ] }
        routing:
          default_pool: all
        """
            .formatted(secret);

    RelayConfig config = loader.parse(yaml, "test.yaml");

    assertEquals("from-a-file", ((SmtpUpstreamConfig) config.upstream("primary")).password().orElseThrow().value());
  }

  @Test
  void caFileMustExistAndBeReadable(@TempDir Path directory) throws Exception {
    Path ca = directory.resolve("ca.pem");
    Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n");
    String yaml =
        """
        upstreams:
          good: { type: smtp, host: a.example.net, ca_file: "%s" }
          bad: { type: smtp, host: b.example.net, ca_file: "%s" }
        pools:
          all: { members: [ { upstream: good }, { upstream: bad } ] }
        routing:
          default_pool: all
        """
            .formatted(ca, directory.resolve("missing.pem"));

    ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml, "test.yaml"));

    assertEquals(
        List.of("upstreams.bad.ca_file: file '" + directory.resolve("missing.pem")
            + "' does not exist or cannot be read (line 3)"),
        e.errors().stream().map(ConfigError::toString).toList());
  }

  @Test
  void somethingThatIsNotABcryptHashIsNeverPrinted() {
    String yaml =
        """
        listeners:
          - name: submission
            address: 127.0.0.1:2587
            auth: { users: { crm: "MyPlainPassword-1" }, require_tls: false }
        upstreams:
          outbox: { type: file, directory: var/outbox }
        pools:
          all: { members: [ { upstream: outbox } ] }
        routing:
          default_pool: all
        """;

    ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml, "test.yaml"));

    assertEquals(1, e.errors().size(), e.getMessage());
    assertTrue(e.errors().get(0).toString().startsWith("listeners[0].auth.users.crm: is not a bcrypt hash"),
        e.getMessage());
    assertFalse(e.getMessage().contains("MyPlainPassword-1"), e.getMessage());
  }

  @Test
  void relativePathsStayRelative() throws ConfigException {
    String yaml =
        """
        upstreams:
          outbox: { type: file, directory: var/outbox }
        pools:
          all: { members: [ { upstream: outbox } ] }
        routing:
          default_pool: all
        spool:
          directory: queue/spool
        """;

    RelayConfig config = loader.parse(yaml, "test.yaml");

    assertEquals(Path.of("queue/spool"), config.spool().directory());
    assertFalse(config.spool().directory().isAbsolute());
  }

  @Test
  void aliasBombIsRefused() {
    StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    char previous = 'a';
    for (char name = 'b'; name <= 'k'; name++) {
      yaml.append(name).append(": &").append(name).append(" [");
      yaml.append(("*" + previous + ", ").repeat(9)).append("*").append(previous).append("]\n");
      previous = name;
    }

    ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml.toString(), "bomb.yaml"));

    assertEquals(1, e.errors().size(), e.getMessage());
  }

  @Test
  void fileThatIsNotUtf8IsAConfigError(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("latin1.yaml");
    Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xC3, '(', '\n'});

    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(file));

    assertEquals(
        List.of("(top level): cannot read YAML: the file is not valid UTF-8"),
        e.errors().stream().map(ConfigError::toString).toList());
  }

  @Test
  void byteOrderMarkIsIgnored(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("bom.yaml");
    String yaml =
        """
        upstreams:
          outbox: { type: file, directory: var/outbox }
        pools:
          all: { members: [ { upstream: outbox } ] }
        routing:
          default_pool: all
        """;
    Files.writeString(file, "\uFEFF" + yaml);

    assertEquals("all", loader.load(file).routing().defaultPool());
  }

  @Test
  void moreThanOneDocumentIsAnError() {
    ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("a: 1\n---\nb: 2\n", "two.yaml"));

    assertEquals(2, e.errors().get(0).line());
  }
}
