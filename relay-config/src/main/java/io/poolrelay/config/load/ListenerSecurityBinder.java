package io.poolrelay.config.load;

import io.poolrelay.config.model.ListenerAuthConfig;
import io.poolrelay.config.model.ListenerTlsConfig;
import io.poolrelay.config.model.Secret;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Binds a listener's {@code tls:} and {@code auth:} sections. */
final class ListenerSecurityBinder {

  static final List<String> TLS_KEYS = List.of("certificate", "key");
  static final List<String> AUTH_KEYS = List.of("users", "require_tls");
  static final boolean DEFAULT_REQUIRE_TLS = true;

  /** Modular crypt format of bcrypt: version, two-digit cost, 22 characters of salt and 31 of hash. */
  static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
  private static final Pattern USER_NAME = Pattern.compile("[^\\s\\p{Cntrl}]+");

  Optional<ListenerTlsConfig> tls(YamlMap listener) {
    return listener.get("tls").flatMap(YamlValue::asMap).map(map -> {
      map.allowOnly(TLS_KEYS);
      Path certificate = map.require("certificate").flatMap(YamlValue::asReadableFile).orElse(Path.of(""));
      Path key = map.require("key").flatMap(YamlValue::asReadableFile).orElse(Path.of(""));
      return new ListenerTlsConfig(certificate, key);
    });
  }

  /** {@code hasTls}: whether the same listener has a tls section, which require_tls needs. */
  Optional<ListenerAuthConfig> auth(YamlMap listener, boolean hasTls) {
    return listener.get("auth").flatMap(YamlValue::asMap).map(map -> {
      map.allowOnly(AUTH_KEYS);
      Map<String, Secret> users = map.require("users").map(ListenerSecurityBinder::users).orElse(Map.of());
      boolean requireTls = map.get("require_tls").flatMap(YamlValue::asBoolean).orElse(DEFAULT_REQUIRE_TLS);
      if (requireTls && !hasTls) {
        String message = (map.has("require_tls") ? "is true" : "is true by default")
            + " but this listener has no tls section: add tls, or set require_tls: false and accept that"
            + " passwords cross the network in clear";
        map.get("require_tls").ifPresentOrElse(v -> v.error(message), () -> map.missing("require_tls", message));
      }
      return new ListenerAuthConfig(users, requireTls);
    });
  }

  private static Map<String, Secret> users(YamlValue value) {
    Map<String, Secret> users = new LinkedHashMap<>();
    Optional<YamlMap> map = value.asMap();
    if (map.isEmpty()) {
      return users;
    }
    List<Map.Entry<String, YamlValue>> entries = map.get().entries();
    if (entries.isEmpty()) {
      value.error("must list at least one user");
    }
    for (Map.Entry<String, YamlValue> entry : entries) {
      String name = entry.getKey();
      YamlValue hash = entry.getValue();
      if (!USER_NAME.matcher(name).matches()) {
        hash.error("user name '" + name + "' must not be empty or contain spaces or control characters");
        continue;
      }
      // The message never quotes the value: a mistake here may have pasted a password instead of a hash.
      hash.asSecret().ifPresent(secret -> {
        if (BCRYPT.matcher(secret.value()).matches()) {
          users.put(name, secret);
        } else {
          hash.error("is not a bcrypt hash ($2a$, $2b$ or $2y$, a two-digit cost, then 53 characters);"
              + " make one with: htpasswd -bnBC 12 \"\" PASSWORD | tr -d ':\\n'");
        }
      });
    }
    return users;
  }
}
