package io.poolrelay.config.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.model.FileUpstreamConfig;
import io.poolrelay.config.model.LineEndingPolicy;
import io.poolrelay.config.model.ListenerConfig;
import io.poolrelay.config.model.PoolConfig;
import io.poolrelay.config.model.SelectionStrategy;
import io.poolrelay.config.model.SmtpUpstreamConfig;
import io.poolrelay.config.model.TlsMode;
import io.poolrelay.config.validate.ConfigException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
}
