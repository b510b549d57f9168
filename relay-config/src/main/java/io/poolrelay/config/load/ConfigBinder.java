package io.poolrelay.config.load;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.model.AdminConfig;
import io.poolrelay.config.model.CidrBlock;
import io.poolrelay.config.model.HostPort;
import io.poolrelay.config.model.LineEndingPolicy;
import io.poolrelay.config.model.ListenerAuthConfig;
import io.poolrelay.config.model.ListenerConfig;
import io.poolrelay.config.model.ListenerTlsConfig;
import io.poolrelay.config.model.PoolConfig;
import io.poolrelay.config.model.RetryConfig;
import io.poolrelay.config.model.RoutingConfig;
import io.poolrelay.config.model.SpoolConfig;
import io.poolrelay.config.model.UpstreamConfig;
import io.poolrelay.config.units.DataSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds the node tree to records: the top level, listeners and the spool here, the other sections in
 * their own binders.
 *
 * <p>Binding goes on after an error, with a placeholder where a value could not be read, so that one
 * pass finds every problem. The result is a draft: it is only handed out when no error was reported.
 */
final class ConfigBinder {

  static final List<String> TOP_KEYS = List.of("listeners", "upstreams", "pools", "routing", "spool", "admin");
  static final List<String> LISTENER_KEYS =
      List.of(
          "name",
          "address",
          "allowed_networks",
          "max_message_size",
          "max_recipients",
          "max_connections",
          "idle_timeout",
          "hostname",
          "bare_line_endings",
          "tls",
          "auth");
  static final List<String> SPOOL_KEYS = List.of("directory", "retry", "max_active");
  static final List<String> RETRY_KEYS = List.of("schedule", "max_age");

  static final String DEFAULT_LISTENER_NAME = "default";
  static final HostPort DEFAULT_LISTENER_ADDRESS = new HostPort("127.0.0.1", 2525);
  static final List<String> DEFAULT_ALLOWED_NETWORKS = List.of("127.0.0.0/8", "::1/128");
  static final DataSize DEFAULT_MAX_MESSAGE_SIZE = new DataSize(25 * DataSize.MIB);
  static final DataSize MIN_MESSAGE_SIZE = new DataSize(DataSize.KIB);
  static final int DEFAULT_MAX_RECIPIENTS = 100;
  static final int DEFAULT_LISTENER_MAX_CONNECTIONS = 200;
  static final Duration DEFAULT_LISTENER_IDLE_TIMEOUT = Duration.ofMinutes(5);
  static final Path DEFAULT_SPOOL_DIRECTORY = Path.of("var/spool");
  static final List<Duration> DEFAULT_RETRY_SCHEDULE =
      List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1));
  static final Duration DEFAULT_MAX_AGE = Duration.ofDays(5);
  static final int DEFAULT_MAX_ACTIVE = 10_000;

  private final BindContext context;
  private final UpstreamBinder upstreamBinder;
  private final PoolBinder poolBinder;
  private final RoutingBinder routingBinder;
  private final ListenerSecurityBinder securityBinder;
  private final AdminBinder adminBinder;

  ConfigBinder(BindContext context) {
    this.context = context;
    this.upstreamBinder = new UpstreamBinder(context);
    this.poolBinder = new PoolBinder();
    this.routingBinder = new RoutingBinder();
    this.securityBinder = new ListenerSecurityBinder();
    this.adminBinder = new AdminBinder();
  }

  /** The draft configuration, or empty when the document is not a mapping at all. */
  Optional<RelayConfig> bind(YamlValue root) {
    return root.asMap().map(this::bind);
  }

  RelayConfig bind(YamlMap top) {
    top.allowOnly(TOP_KEYS);
    List<ListenerConfig> listeners = top.get("listeners").map(this::listeners).orElseGet(this::defaultListeners);
    Map<String, UpstreamConfig> upstreams = upstreamBinder.upstreams(top);
    Map<String, PoolConfig> pools = poolBinder.pools(top);
    RoutingConfig routing = routingBinder.routing(top);
    SpoolConfig spool = top.get("spool").flatMap(YamlValue::asMap).map(this::spool).orElseGet(this::defaultSpool);
    AdminConfig admin = adminBinder.admin(top);
    return new RelayConfig(listeners, upstreams, pools, routing, spool, admin);
  }

  private List<ListenerConfig> defaultListeners() {
    return List.of(
        new ListenerConfig(
            DEFAULT_LISTENER_NAME,
            DEFAULT_LISTENER_ADDRESS,
            defaultNetworks(),
            DEFAULT_MAX_MESSAGE_SIZE.bytes(),
            DEFAULT_MAX_RECIPIENTS,
            DEFAULT_LISTENER_MAX_CONNECTIONS,
            DEFAULT_LISTENER_IDLE_TIMEOUT,
            context.defaultHostname(),
            LineEndingPolicy.REJECT,
            Optional.empty(),
            Optional.empty()));
  }

  private List<ListenerConfig> listeners(YamlValue value) {
    List<ListenerConfig> listeners = new ArrayList<>();
    Optional<List<YamlValue>> items = value.asList();
    if (items.isEmpty()) {
      return listeners;
    }
    if (items.get().isEmpty()) {
      value.error("must list at least one listener (leave the section out for the default one)");
    }
    for (YamlValue item : items.get()) {
      item.asMap().map(this::listener).ifPresent(listeners::add);
    }
    return listeners;
  }

  private ListenerConfig listener(YamlMap map) {
    map.allowOnly(LISTENER_KEYS);
    String name = map.require("name").flatMap(YamlValue::asName).orElse("");
    HostPort address =
        map.require("address").flatMap(ConfigBinder::hostPort).orElse(new HostPort("", 0));
    List<CidrBlock> networks =
        map.get("allowed_networks").map(ConfigBinder::networks).orElseGet(ConfigBinder::defaultNetworks);
    long maxMessageSize =
        map.get("max_message_size")
            .flatMap(v -> v.asSize(MIN_MESSAGE_SIZE))
            .orElse(DEFAULT_MAX_MESSAGE_SIZE.bytes());
    int maxRecipients =
        map.get("max_recipients").flatMap(v -> v.asInt(1, Integer.MAX_VALUE)).orElse(DEFAULT_MAX_RECIPIENTS);
    int maxConnections =
        map.get("max_connections")
            .flatMap(v -> v.asInt(1, Integer.MAX_VALUE))
            .orElse(DEFAULT_LISTENER_MAX_CONNECTIONS);
    Duration idleTimeout =
        map.get("idle_timeout").flatMap(YamlValue::asPositiveDuration).orElse(DEFAULT_LISTENER_IDLE_TIMEOUT);
    String hostname =
        map.get("hostname").flatMap(YamlValue::asNonEmptyString).orElse(context.defaultHostname());
    LineEndingPolicy lineEndings =
        map.get("bare_line_endings")
            .flatMap(v -> v.asEnum(LineEndingPolicy.class))
            .orElse(LineEndingPolicy.REJECT);
    Optional<ListenerTlsConfig> tls = securityBinder.tls(map);
    Optional<ListenerAuthConfig> auth = securityBinder.auth(map, map.has("tls"));
    return new ListenerConfig(
        name, address, networks, maxMessageSize, maxRecipients, maxConnections, idleTimeout, hostname,
        lineEndings, tls, auth);
  }

  static Optional<HostPort> hostPort(YamlValue value) {
    return value.asNonEmptyString().flatMap(text -> {
      try {
        return Optional.of(NetworkSyntax.hostPort(text));
      } catch (IllegalArgumentException e) {
        value.error("invalid address " + value.quoted() + ": " + e.getMessage());
        return Optional.empty();
      }
    });
  }

  private static List<CidrBlock> networks(YamlValue value) {
    List<CidrBlock> networks = new ArrayList<>();
    for (YamlValue item : value.asList().orElse(List.of())) {
      item.asNonEmptyString().ifPresent(text -> {
        try {
          networks.add(NetworkSyntax.cidr(text));
        } catch (IllegalArgumentException e) {
          item.error("invalid network " + item.quoted() + ": " + e.getMessage());
        }
      });
    }
    return networks;
  }

  private static List<CidrBlock> defaultNetworks() {
    return DEFAULT_ALLOWED_NETWORKS.stream().map(NetworkSyntax::cidr).toList();
  }

  private SpoolConfig spool(YamlMap map) {
    map.allowOnly(SPOOL_KEYS);
    Path directory = map.get("directory").flatMap(YamlValue::asPath).orElse(DEFAULT_SPOOL_DIRECTORY);
    RetryConfig retry =
        map.get("retry").flatMap(YamlValue::asMap).map(this::retry).orElseGet(ConfigBinder::defaultRetry);
    int maxActive =
        map.get("max_active").flatMap(v -> v.asInt(1, Integer.MAX_VALUE)).orElse(DEFAULT_MAX_ACTIVE);
    return new SpoolConfig(directory, retry, maxActive);
  }

  private SpoolConfig defaultSpool() {
    return new SpoolConfig(DEFAULT_SPOOL_DIRECTORY, defaultRetry(), DEFAULT_MAX_ACTIVE);
  }

  private RetryConfig retry(YamlMap map) {
    map.allowOnly(RETRY_KEYS);
    List<Duration> schedule =
        map.get("schedule").map(ConfigBinder::schedule).orElse(DEFAULT_RETRY_SCHEDULE);
    Duration maxAge = map.get("max_age").flatMap(YamlValue::asPositiveDuration).orElse(DEFAULT_MAX_AGE);
    return new RetryConfig(schedule, maxAge);
  }

  private static List<Duration> schedule(YamlValue value) {
    Optional<List<YamlValue>> items = value.asList();
    if (items.isEmpty()) {
      return DEFAULT_RETRY_SCHEDULE;
    }
    if (items.get().isEmpty()) {
      value.error("must list at least one retry interval");
    }
    List<Duration> schedule = new ArrayList<>();
    for (YamlValue item : items.get()) {
      item.asPositiveDuration().ifPresent(schedule::add);
    }
    return schedule;
  }

  private static RetryConfig defaultRetry() {
    return new RetryConfig(DEFAULT_RETRY_SCHEDULE, DEFAULT_MAX_AGE);
  }
}
