package io.poolrelay.config.load;

import io.poolrelay.config.model.FromRewrite;
import io.poolrelay.config.model.SenderRewrite;
import io.poolrelay.config.model.SesUpstreamConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.model.AdminConfig;
import io.poolrelay.config.model.FileUpstreamConfig;
import io.poolrelay.config.model.GuardConfig;
import io.poolrelay.config.model.HealthConfig;
import io.poolrelay.config.model.LimitsConfig;
import io.poolrelay.config.model.LineEndingPolicy;
import io.poolrelay.config.model.ListenerConfig;
import io.poolrelay.config.model.PoolConfig;
import io.poolrelay.config.model.RampWarmup;
import io.poolrelay.config.model.SelectionStrategy;
import io.poolrelay.config.model.SmtpUpstreamConfig;
import io.poolrelay.config.model.StepWarmup;
import io.poolrelay.config.model.TlsMode;
import io.poolrelay.config.validate.ConfigError;
import io.poolrelay.config.validate.ConfigException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented defaults, each asserted as a literal so that changing one is a visible decision. */
class ConfigBinderTest {

  private static final String MINIMAL =
      """
      upstreams:
        out: { type: smtp, host: smtp.example.net }
        outbox: { type: file, directory: var/outbox }
      pools:
        all: { members: [ { upstream: out }, { upstream: outbox } ] }
      routing:
        default_pool: all
      """;

  private final ConfigLoader loader = new ConfigLoader(Map.of(), "relay.test");

  private RelayConfig parse(String yaml) throws ConfigException {
    return loader.parse(yaml, "test.yaml");
  }

  @Test
  void withoutListenersThereIsOneDefaultListenerOnLoopback() throws Exception {
    List<ListenerConfig> listeners = parse(MINIMAL).listeners();

    assertEquals(1, listeners.size());
    ListenerConfig listener = listeners.get(0);
    assertEquals("default", listener.name());
    assertEquals("127.0.0.1:2525", listener.address().toString());
    assertListenerDefaults(listener);
  }

  @Test
  void listenerKeysNotWrittenTakeTheirDefaults() throws Exception {
    String yaml = MINIMAL + "listeners:\n  - { name: edge, address: \"0.0.0.0:25\" }\n";

    assertListenerDefaults(parse(yaml).listeners().get(0));
  }

  private static void assertListenerDefaults(ListenerConfig listener) throws Exception {
    assertEquals("[127.0.0.0/8, 0:0:0:0:0:0:0:1/128]", listener.allowedNetworks().toString());
    assertTrue(listener.allowedNetworks().get(1).contains(InetAddress.getByName("::1")));
    assertEquals(25L * 1024 * 1024, listener.maxMessageSize());
    assertEquals(100, listener.maxRecipients());
    assertEquals(200, listener.maxConnections());
    assertEquals(Duration.ofMinutes(5), listener.idleTimeout());
    assertEquals("relay.test", listener.hostname());
    assertEquals(LineEndingPolicy.REJECT, listener.bareLineEndings());
    assertEquals(Optional.empty(), listener.tls());
    assertEquals(Optional.empty(), listener.auth());
  }

  @Test
  void authRequiresTlsUnlessToldOtherwise(@TempDir Path directory) throws Exception {
    Path certificate = Files.writeString(directory.resolve("cert.pem"), "not read at load\n");
    Path key = Files.writeString(directory.resolve("key.pem"), "not read at load\n");
    String hash = "$2y$04$abcdefghijklmnopqrstuu5UdpvaB9ZkjrMBrXhFmHpHvJjdCsVpq";
    String yaml = MINIMAL + """
        listeners:
          - name: submission
            address: "0.0.0.0:587"
            tls: { certificate: "%s", key: "%s" }
            auth: { users: { crm: "%s" } }
        """.formatted(certificate, key, hash);

    ListenerConfig listener = parse(yaml).listeners().get(0);

    assertEquals(certificate, listener.tls().orElseThrow().certificate());
    assertEquals(key, listener.tls().orElseThrow().key());
    assertTrue(listener.auth().orElseThrow().requireTls());
    assertEquals(hash, listener.auth().orElseThrow().users().get("crm").value());
    assertFalse(listener.toString().contains(hash), "a listener's toString shows a password hash");
  }

  @Test
  void smtpUpstreamKeysNotWrittenTakeTheirDefaults() throws Exception {
    SmtpUpstreamConfig smtp = (SmtpUpstreamConfig) parse(MINIMAL).upstream("out");

    assertTrue(smtp.enabled());
    assertEquals(TlsMode.STARTTLS, smtp.tls());
    assertEquals(587, smtp.port());
    assertTrue(smtp.tlsVerify());
    assertEquals(Optional.empty(), smtp.caFile());
    assertEquals(Optional.empty(), smtp.username());
    assertEquals(Optional.empty(), smtp.password());
    assertEquals(10, smtp.maxConnections());
    assertEquals(100, smtp.maxMessagesPerConnection());
    assertEquals(Duration.ofSeconds(30), smtp.connectTimeout());
    assertEquals(Duration.ofSeconds(60), smtp.commandTimeout());
    assertEquals(Duration.ofSeconds(120), smtp.dataTimeout());
    assertEquals(Duration.ofSeconds(30), smtp.idleTimeout());
    assertEquals("relay.test", smtp.heloName());
    assertEquals(Set.of(), smtp.failoverOn());
  }

  @Test
  void sesUpstreamKeysNotWrittenTakeTheirDefaults() throws Exception {
    String yaml = MINIMAL.replace("outbox: { type: file, directory: var/outbox }",
        "outbox: { type: ses, region: eu-west-1 }");

    SesUpstreamConfig ses = (SesUpstreamConfig) parse(yaml).upstream("outbox");

    assertEquals("eu-west-1", ses.region());
    assertEquals(Optional.empty(), ses.accessKeyId());
    assertEquals(Optional.empty(), ses.secretAccessKey());
    assertEquals(Optional.empty(), ses.endpoint());
    assertEquals(Optional.empty(), ses.configurationSet());
    assertEquals(Map.of(), ses.tags());
    assertTrue(ses.useAccountQuota());
    assertEquals(10, ses.maxConnections());
    assertEquals(Duration.ofSeconds(10), ses.connectTimeout());
    assertEquals(Duration.ofSeconds(60), ses.commandTimeout());
    assertTrue(ses.health().enabled(), "SES is checked with GetAccount, like an SMTP server with a session");
    assertEquals(SenderRewrite.NONE, ses.rewrite());
  }

  @Test
  void sesCredentialsAreSecretsAndTagsKeepTheirOrder() throws Exception {
    String yaml = MINIMAL.replace("outbox: { type: file, directory: var/outbox }", """
        outbox:
            type: ses
            region: us-east-1
            access_key_id: "${env:KEY_ID}"
            secret_access_key: "${env:SECRET}"
            endpoint: http://127.0.0.1:8005
            configuration_set: marketing
            tags: { team: growth, app: crm }""");
    ConfigLoader withEnvironment = new ConfigLoader(Map.of("KEY_ID", "AKIDEXAMPLE", "SECRET", "s3cr3t"), "relay.test");

    SesUpstreamConfig ses = (SesUpstreamConfig) withEnvironment.parse(yaml, "test.yaml").upstream("outbox");

    assertEquals("AKIDEXAMPLE", ses.accessKeyId().orElseThrow().value());
    assertEquals("s3cr3t", ses.secretAccessKey().orElseThrow().value());
    assertFalse(ses.toString().contains("s3cr3t"), "an SES upstream's toString shows its secret key");
    assertEquals(java.net.URI.create("http://127.0.0.1:8005"), ses.endpoint().orElseThrow());
    assertEquals(Optional.of("marketing"), ses.configurationSet());
    assertEquals(List.of("team", "app"), List.copyOf(ses.tags().keySet()));
  }

  @Test
  void senderRewriteIsReadForAnyTypeAndKeepsTheOriginalInReplyToByDefault() throws Exception {
    String yaml = MINIMAL.replace("out: { type: smtp, host: smtp.example.net }",
        "out: { type: smtp, host: smtp.example.net, envelope_from: bounces@mail.example.com,"
            + " from_rewrite: { from: news@mail.example.com } }");

    SenderRewrite rewrite = parse(yaml).upstream("out").rewrite();

    assertEquals(Optional.of("bounces@mail.example.com"), rewrite.envelopeFrom());
    assertEquals(new FromRewrite("news@mail.example.com", true), rewrite.fromRewrite().orElseThrow());
    assertEquals(SenderRewrite.NONE, parse(MINIMAL).upstream("outbox").rewrite());
  }

  @Test
  void smtpPortDefaultsFollowTheTlsMode() throws Exception {
    String yaml =
        """
        upstreams:
          plain: { type: smtp, host: a.example.net, tls: none }
          starttls: { type: smtp, host: a.example.net, tls: starttls }
          implicit: { type: smtp, host: a.example.net, tls: implicit }
          explicit: { type: smtp, host: a.example.net, tls: implicit, port: 2465 }
        pools:
          all: { members: [ { upstream: plain } ] }
        routing:
          default_pool: all
        """;
    RelayConfig config = parse(yaml);

    assertEquals(25, ((SmtpUpstreamConfig) config.upstream("plain")).port());
    assertEquals(587, ((SmtpUpstreamConfig) config.upstream("starttls")).port());
    assertEquals(465, ((SmtpUpstreamConfig) config.upstream("implicit")).port());
    assertEquals(2465, ((SmtpUpstreamConfig) config.upstream("explicit")).port());
  }

  @Test
  void fileUpstreamIsEnabledByDefaultAndItsDirectoryStaysRelative() throws Exception {
    FileUpstreamConfig file = (FileUpstreamConfig) parse(MINIMAL).upstream("outbox");

    assertTrue(file.enabled());
    assertEquals(Path.of("var/outbox"), file.directory());
  }

  @Test
  void poolDefaultsAreWeightedWithWeightOneAndNoFallback() throws Exception {
    PoolConfig pool = parse(MINIMAL).pool("all");

    assertEquals(SelectionStrategy.WEIGHTED, pool.strategy());
    assertEquals(1, pool.members().get(0).weight());
    assertEquals(Optional.empty(), pool.fallback());
  }

  @Test
  void routingDefaultsAreTheThreeHintHeadersStrippedAndNoRoutes() throws Exception {
    RelayConfig config = parse(MINIMAL);

    assertEquals(List.of("X-Campaign-Type", "X-Campaign", "X-Category"), config.routing().hintHeaders());
    assertTrue(config.routing().stripHintHeaders());
    assertEquals(List.of(), config.routing().routes());
    assertEquals("all", config.routing().defaultPool());
  }

  @Test
  void spoolDefaults() throws Exception {
    RelayConfig config = parse(MINIMAL);

    assertEquals(Path.of("var/spool"), config.spool().directory());
    assertEquals(
        List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)),
        config.spool().retry().schedule());
    assertEquals(Duration.ofDays(5), config.spool().retry().maxAge());
    assertEquals(10_000, config.spool().maxActive());
  }

  @Test
  void partialSpoolSectionKeepsTheOtherDefaults() throws Exception {
    RelayConfig config = parse(MINIMAL + "spool:\n  retry: { max_age: 2d }\n");

    assertEquals(Duration.ofDays(2), config.spool().retry().maxAge());
    assertEquals(4, config.spool().retry().schedule().size());
    assertEquals(Path.of("var/spool"), config.spool().directory());
  }

  @Test
  void mapsKeepTheOrderOfTheFile() throws Exception {
    RelayConfig config = parse(MINIMAL);

    assertEquals(List.of("out", "outbox"), List.copyOf(config.upstreams().keySet()));
  }

  @Test
  void bracketedIpv6ListenerAddressIsRead() throws Exception {
    ListenerConfig listener =
        parse(MINIMAL + "listeners:\n  - { name: v6, address: \"[::1]:2525\" }\n").listeners().get(0);

    assertEquals("::1", listener.address().host());
    assertEquals(2525, listener.address().port());
    assertFalse(listener.address().toString().isEmpty());
  }

  @Test
  void smtpUpstreamHealthIsOnWithTheDocumentedDefaults() throws Exception {
    HealthConfig health = parse(MINIMAL).upstream("out").health();

    assertTrue(health.enabled());
    assertEquals(Duration.ofSeconds(30), health.interval());
    assertEquals(Duration.ofSeconds(10), health.timeout());
    assertEquals(3, health.failuresToDown());
    assertEquals(Duration.ofSeconds(30), health.coolDown());
    assertEquals(Duration.ofMinutes(10), health.maxCoolDown());
  }

  @Test
  void fileUpstreamHealthIsOffByDefaultWithTheSameValues() throws Exception {
    HealthConfig health = parse(MINIMAL).upstream("outbox").health();

    assertFalse(health.enabled());
    assertEquals(Duration.ofSeconds(30), health.interval());
    assertEquals(Duration.ofSeconds(10), health.timeout());
    assertEquals(3, health.failuresToDown());
    assertEquals(Duration.ofSeconds(30), health.coolDown());
    assertEquals(Duration.ofMinutes(10), health.maxCoolDown());
  }

  @Test
  void healthSectionWithOnlyEnabledFalseKeepsTheOtherDefaults() throws Exception {
    String yaml = MINIMAL.replace("host: smtp.example.net }", "host: smtp.example.net, health: { enabled: false } }");

    HealthConfig health = parse(yaml).upstream("out").health();

    assertFalse(health.enabled());
    assertEquals(Duration.ofSeconds(30), health.interval());
    assertEquals(Duration.ofMinutes(10), health.maxCoolDown());
  }

  @Test
  void upstreamsHaveNoLimitsAndNoWarmupByDefault() throws Exception {
    RelayConfig config = parse(MINIMAL);

    for (String name : List.of("out", "outbox")) {
      LimitsConfig limits = config.upstream(name).limits();
      assertTrue(limits.isEmpty(), name);
      assertEquals(OptionalLong.empty(), limits.hourlyLimit(), name);
      assertEquals(OptionalLong.empty(), limits.dailyLimit(), name);
      assertEquals(OptionalDouble.empty(), limits.maxRate(), name);
      assertEquals(1, limits.burst(), name);
      assertEquals(Optional.empty(), config.upstream(name).warmup(), name);
    }
  }

  @Test
  void burstDefaultsToOneWhenMaxRateIsSet() throws Exception {
    String yaml = MINIMAL.replace("host: smtp.example.net }", "host: smtp.example.net, max_rate: 2.5 }");

    LimitsConfig limits = parse(yaml).upstream("out").limits();

    assertEquals(OptionalDouble.of(2.5), limits.maxRate());
    assertEquals(1, limits.burst());
    assertFalse(limits.isEmpty());
  }

  @Test
  void guardIsOnForBothTypesWithTheDocumentedDefaults() throws Exception {
    RelayConfig config = parse(MINIMAL);

    for (String name : List.of("out", "outbox")) {
      GuardConfig guard = config.upstream(name).guard();
      assertTrue(guard.enabled(), name);
      assertEquals(Duration.ofHours(1), guard.window(), name);
      assertEquals(200, guard.minSample(), name);
      assertEquals(0.03, guard.bounceRate(), name);
      assertEquals(0.20, guard.deferralRate(), name);
      assertEquals(0.001, guard.complaintRate(), name);
      assertEquals(Duration.ofHours(1), guard.pauseFor(), name);
    }
  }

  @Test
  void guardRatesAreReadAsPercentagesOrFractions() throws Exception {
    String yaml = MINIMAL.replace(
        "host: smtp.example.net }",
        "host: smtp.example.net, guard: { bounce_rate: 5%, deferral_rate: 0.25, complaint_rate: 100% } }");

    GuardConfig guard = parse(yaml).upstream("out").guard();

    assertEquals(0.05, guard.bounceRate(), 1e-12);
    assertEquals(0.25, guard.deferralRate());
    assertEquals(1.0, guard.complaintRate());
    assertEquals(200, guard.minSample());
  }

  @Test
  void warmupIsReadInTheStepAndTheRampForm() throws Exception {
    String yaml =
        """
        upstreams:
          steps: { type: smtp, host: a.example.net, warmup: { start: 2026-11-01, daily: [50, 100, 100, 200] } }
          ramp: { type: file, directory: var/outbox, warmup: { start: 2026-11-02, initial_daily: 50, growth: 1.5, until: 50000 } }
        pools:
          all: { members: [ { upstream: steps } ] }
        routing:
          default_pool: all
        """;
    RelayConfig config = parse(yaml);

    assertEquals(
        Optional.of(new StepWarmup(LocalDate.of(2026, 11, 1), List.of(50L, 100L, 100L, 200L))),
        config.upstream("steps").warmup());
    assertEquals(
        Optional.of(new RampWarmup(LocalDate.of(2026, 11, 2), 50, 1.5, 50_000)), config.upstream("ramp").warmup());
  }

  @Test
  void adminDefaultsToEnabledOnLoopbackPort8025WithoutToken() throws Exception {
    AdminConfig admin = parse(MINIMAL).admin();

    assertTrue(admin.enabled());
    assertEquals("127.0.0.1:8025", admin.address().toString());
    assertEquals(Optional.empty(), admin.token());
  }

  @Test
  void adminOnAnyLoopbackAddressNeedsNoToken() throws Exception {
    for (String address : List.of("127.0.0.1:9000", "127.8.9.10:8025", "\"[::1]:8025\"", "localhost:8025")) {
      AdminConfig admin = parse(MINIMAL + "admin: { address: " + address + " }\n").admin();

      assertTrue(admin.enabled(), address);
      assertEquals(Optional.empty(), admin.token(), address);
    }
  }

  @Test
  void adminOffLoopbackRequiresAToken() {
    for (String address : List.of("0.0.0.0:8025", "10.0.0.1:8025", "admin.example.com:8025", "\"[::]:8025\"")) {
      ConfigException e =
          assertThrows(ConfigException.class, () -> parse(MINIMAL + "admin:\n  address: " + address + "\n"));

      assertEquals(
          List.of("admin.token: required when admin.address is not loopback (line 8)"),
          e.errors().stream().map(ConfigError::toString).toList(),
          address);
    }
  }

  @Test
  void adminTokenIsASecretThatIsNeverPrinted() throws Exception {
    ConfigLoader withToken = new ConfigLoader(Map.of("POOLRELAY_ADMIN_TOKEN", "s3cret-token"), "relay.test");
    String yaml = MINIMAL + "admin: { address: \"0.0.0.0:8025\", token: \"${env:POOLRELAY_ADMIN_TOKEN}\" }\n";

    RelayConfig config = withToken.parse(yaml, "test.yaml");

    assertEquals("s3cret-token", config.admin().token().orElseThrow().value());
    assertEquals("0.0.0.0:8025", config.admin().address().toString());
    assertFalse(config.admin().toString().contains("s3cret-token"), "admin toString shows the token");
  }
}
