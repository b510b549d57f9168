package io.poolrelay.config.load;

import io.poolrelay.config.model.AdminConfig;
import io.poolrelay.config.model.HostPort;
import io.poolrelay.config.model.Secret;
import java.util.List;
import java.util.Optional;

/** Binds the optional {@code admin:} section: where the operator's commands are accepted. */
final class AdminBinder {

  static final List<String> ADMIN_KEYS = List.of("enabled", "address", "token");
  static final HostPort DEFAULT_ADMIN_ADDRESS = new HostPort("127.0.0.1", 8025);

  AdminConfig admin(YamlMap top) {
    Optional<YamlMap> found = top.get("admin").flatMap(YamlValue::asMap);
    if (found.isEmpty()) {
      return defaultAdmin();
    }
    YamlMap map = found.get();
    map.allowOnly(ADMIN_KEYS);
    boolean enabled = map.get("enabled").flatMap(YamlValue::asBoolean).orElse(true);
    Optional<YamlValue> addressValue = map.get("address");
    Optional<HostPort> address = addressValue.flatMap(ConfigBinder::hostPort);
    Optional<Secret> token = map.get("token").flatMap(YamlValue::asSecret);
    // The promise: the operator's commands are never open to the network without a token.
    // An address that could not be read is already reported, so it is not judged here.
    boolean exposed = address.isPresent() && !NetworkSyntax.isLoopback(address.get().host());
    if (enabled && exposed && !map.has("token")) {
      map.missing("token", "required when admin.address is not loopback");
    }
    return new AdminConfig(enabled, address.orElse(DEFAULT_ADMIN_ADDRESS), token);
  }

  static AdminConfig defaultAdmin() {
    return new AdminConfig(true, DEFAULT_ADMIN_ADDRESS, Optional.empty());
  }
}
