package io.poolrelay.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.model.CidrBlock;
import io.poolrelay.config.model.FileUpstreamConfig;
import io.poolrelay.config.model.HostPort;
import io.poolrelay.config.model.LimitsConfig;
import io.poolrelay.config.model.PoolConfig;
import io.poolrelay.config.model.Secret;
import io.poolrelay.config.model.SenderRewrite;
import io.poolrelay.config.model.SesUpstreamConfig;
import io.poolrelay.config.model.SmtpUpstreamConfig;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigJsonTest {

  @TempDir
  Path dir;

  /** Every kind of section: both listener options, both upstream types, both warmups, every route condition. */
  private RelayConfig everything() throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "not parsed at load");
    Path key = Files.writeString(dir.resolve("key.pem"), "not parsed at load");
    Path ca = Files.writeString(dir.resolve("ca.pem"), "not parsed at load");
    return FakeAdminApi.parse("""
        listeners:
          - name: submission
            address: 127.0.0.1:587
            allowed_networks: [127.0.0.0/8, "::1/128"]
            max_message_size: 25MB
            tls: { certificate: %s, key: %s }
            auth: { users: { crm: "$2y$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW" }, require_tls: true }
        upstreams:
          primary:
            type: smtp
            host: smtp.example.net
            port: 587
            tls: starttls
            ca_file: %s
            username: relay
            password: upstream-pa55word
            failover_on: [554, 550]
            health: { interval: 30s, timeout: 10s, failures_to_down: 3, cool_down: 30s, max_cool_down: 10m }
            hourly_limit: 5000
            daily_limit: 50000
            max_rate: 2.5
            burst: 5
            warmup: { start: 2026-11-01, daily: [50, 100] }
            guard: { window: 1h, min_sample: 200, bounce_rate: 3%%, deferral_rate: 20%%, complaint_rate: 0.1%%, pause_for: 1h }
            envelope_from: bounces@mail.example.com
          outbox:
            type: file
            directory: var/outbox
            warmup: { start: "2026-12-01", initial_daily: 50, growth: 1.5, until: 50000 }
          ses-us:
            type: ses
            region: us-east-1
            access_key_id: AKIAEXAMPLEKEYID
            secret_access_key: ses-s3cret-access-key
            endpoint: https://email.us-east-1.amazonaws.com
            configuration_set: marketing
            tags: { app: crm }
            use_account_quota: true
            from_rewrite: { from: news@mail.example.com, keep_original_in_reply_to: false }
        pools:
          all: { strategy: round_robin, members: [ { upstream: primary, weight: 3 }, { upstream: outbox },
                 { upstream: ses-us } ] }
          bulk: { members: [ { upstream: outbox } ], fallback: all }
        routing:
          hint_headers: [X-Campaign]
          strip_hint_headers: true
          routes:
            - match: { header: X-Campaign, value: "news*", sender_domain: example.com, recipient_domain: example.org,
                       listener: submission, authenticated_user: crm }
              pool: bulk
          default_pool: all
        spool: { directory: var/spool, retry: { schedule: [1m, 500ms, 2d], max_age: 5d }, max_active: 77 }
        admin: { address: 127.0.0.1:8025, token: admin-t0ken-value }
        """.formatted(cert, key, ca));
  }

  @Test
  void noSecretValueAppearsAndEachSecretIsMasked() throws Exception {
    String json = ConfigJson.of(everything());
    for (String secret : List.of("ses-s3cret-access-key", "AKIAEXAMPLEKEYID")) {
      assertFalse(json.contains(secret), secret + " leaked: " + json);
    }
    for (String secret : FakeAdminApi.SECRETS) {
      assertFalse(json.contains(secret), secret + " leaked: " + json);
      assertFalse(json.contains(JsonWriter.quote(secret)), secret + " leaked: " + json);
    }
    Map<?, ?> config = (Map<?, ?>) JsonReader.parse(json);
    Map<?, ?> primary = (Map<?, ?>) ((Map<?, ?>) config.get("upstreams")).get("primary");
    assertEquals("********", primary.get("password"));
    assertEquals("relay", primary.get("username"), "a user name is not a secret");
    assertEquals("********", ((Map<?, ?>) config.get("admin")).get("token"));
    Map<?, ?> ses = (Map<?, ?>) ((Map<?, ?>) config.get("upstreams")).get("ses-us");
    assertEquals("********", ses.get("access_key_id"));
    assertEquals("********", ses.get("secret_access_key"));
    assertEquals(Map.of("app", "crm"), ses.get("tags"));
    assertEquals(Map.of("from", "news@mail.example.com", "keep_original_in_reply_to", false), ses.get("from_rewrite"));
    assertEquals("bounces@mail.example.com", primary.get("envelope_from"));
    Map<?, ?> listener = (Map<?, ?>) ((List<?>) config.get("listeners")).get(0);
    assertEquals(Map.of("crm", "********"), ((Map<?, ?>) listener.get("auth")).get("users"));
  }

  @Test
  void theApiServesTheConfigurationMaskedToo() throws Exception {
    try (AdminHttp admin = new AdminHttp()) {
      HttpResponse<String> response = admin.send("GET", "/api/config");
      assertEquals(200, response.statusCode());
      FakeAdminApi.SECRETS.forEach(secret -> assertFalse(response.body().contains(secret), secret));
      assertEquals("all", ((Map<?, ?>) AdminHttp.object(response.body()).get("routing")).get("default_pool"));
    }
  }

  @Test
  void valuesAreWrittenAsTheYamlReadsThem() throws Exception {
    Map<?, ?> config = (Map<?, ?>) JsonReader.parse(ConfigJson.of(everything()));
    Map<?, ?> spool = (Map<?, ?>) config.get("spool");
    assertEquals(Map.of("schedule", List.of("1m", "500ms", "2d"), "max_age", "5d"), spool.get("retry"));
    assertEquals(77L, ((Number) spool.get("max_active")).longValue());
    Map<?, ?> upstreams = (Map<?, ?>) config.get("upstreams");
    Map<?, ?> primary = (Map<?, ?>) upstreams.get("primary");
    assertEquals("starttls", primary.get("tls"));
    assertEquals(List.of(550L, 554L), ((List<?>) primary.get("failover_on")).stream()
        .map(n -> ((Number) n).longValue()).toList());
    assertEquals(2.5, ((Number) primary.get("max_rate")).doubleValue());
    assertEquals(0.03, ((Number) ((Map<?, ?>) primary.get("guard")).get("bounce_rate")).doubleValue(), 1e-9);
    assertEquals(null, ((Map<?, ?>) upstreams.get("outbox")).get("hourly_limit"));
    assertEquals("round_robin", ((Map<?, ?>) ((Map<?, ?>) config.get("pools")).get("all")).get("strategy"));
    Map<?, ?> listener = (Map<?, ?>) ((List<?>) config.get("listeners")).get(0);
    assertEquals(25L * 1024 * 1024, ((Number) listener.get("max_message_size")).longValue());
    assertEquals(List.of("127.0.0.0/8", "0:0:0:0:0:0:0:1/128"), listener.get("allowed_networks"));
  }

  /** Leaves written as one string; their parts are not keys. */
  private static final Set<Class<?>> LEAVES = Set.of(Secret.class, HostPort.class, CidrBlock.class);

  @Test
  void everyFieldOfEveryConfigurationRecordHasAKey() throws Exception {
    Set<String> keys = new TreeSet<>();
    collectKeys(JsonReader.parse(ConfigJson.of(everything())), keys);
    List<String> missing = new ArrayList<>();
    expectKeys(RelayConfig.class, keys, missing, new java.util.HashSet<>());
    assertTrue(missing.isEmpty(), "no key for " + missing + " in " + keys);
  }

  private static void collectKeys(Object json, Set<String> keys) {
    if (json instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        keys.add((String) k);
        collectKeys(v, keys);
      });
    } else if (json instanceof List<?> list) {
      list.forEach(v -> collectKeys(v, keys));
    }
  }

  private static void expectKeys(Class<?> type, Set<String> keys, List<String> missing, Set<Class<?>> seen) {
    if (!seen.add(type) || LEAVES.contains(type)) {
      return;
    }
    if (type.isSealed()) {
      for (Class<?> permitted : type.getPermittedSubclasses()) {
        expectKeys(permitted, keys, missing, seen);
      }
      return;
    }
    if (!type.isRecord()) {
      return;
    }
    for (RecordComponent component : type.getRecordComponents()) {
      boolean mapKey = component.getName().equals("name")
          && (type == SmtpUpstreamConfig.class || type == SesUpstreamConfig.class || type == FileUpstreamConfig.class
              || type == PoolConfig.class);
      boolean flattened = component.getType() == LimitsConfig.class || component.getType() == SenderRewrite.class;
      String key = snakeCase(component.getName());
      if (!mapKey && !flattened && !keys.contains(key)) {
        missing.add(type.getSimpleName() + "." + component.getName());
      }
      for (Class<?> inner : classesIn(component.getGenericType())) {
        expectKeys(inner, keys, missing, seen);
      }
    }
  }

  private static List<Class<?>> classesIn(Type type) {
    List<Class<?>> classes = new ArrayList<>();
    if (type instanceof Class<?> c) {
      classes.add(c);
    } else if (type instanceof ParameterizedType p) {
      for (Type argument : p.getActualTypeArguments()) {
        classes.addAll(classesIn(argument));
      }
    }
    return classes;
  }

  private static String snakeCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
  }
}
