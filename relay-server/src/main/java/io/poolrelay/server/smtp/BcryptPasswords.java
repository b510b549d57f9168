package io.poolrelay.server.smtp;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import io.poolrelay.config.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.auth.UsernamePasswordValidator;

/**
 * Checks a user name and password against the listener's bcrypt hashes.
 *
 * <p>An unknown user is checked against a dummy hash of the highest configured cost, so that the
 * reply takes as long as for a known user with a wrong password: the timing does not tell which user
 * names exist. Passwords longer than bcrypt's 72 bytes are truncated, as htpasswd and OpenBSD do.
 */
final class BcryptPasswords implements UsernamePasswordValidator {

  private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2A;

  private final Map<String, Secret> users;
  private final byte[] dummyHash;
  private final BCrypt.Verifyer verifyer = BCrypt.verifyer(VERSION, LongPasswordStrategies.truncate(VERSION));

  BcryptPasswords(Map<String, Secret> users) {
    this.users = Map.copyOf(users);
    int cost = users.values().stream().mapToInt(h -> cost(h.value())).max().orElse(BCrypt.MIN_COST);
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    this.dummyHash = BCrypt.with(VERSION).hash(cost, HexFormat.of().formatHex(random).getBytes(StandardCharsets.UTF_8));
  }

  /** The cost of a hash the configuration already checked: {@code $2y$12$...} has cost 12. */
  private static int cost(String hash) {
    return Integer.parseInt(hash.substring(4, 6));
  }

  @Override
  public void login(String username, String password, MessageContext context) throws LoginFailedException {
    Secret hash = users.get(username);
    byte[] expected = hash == null ? dummyHash : hash.value().getBytes(StandardCharsets.UTF_8);
    // Always verify, and decide only afterwards, so both failures take one path.
    boolean verified = verifyer.verify(password.getBytes(StandardCharsets.UTF_8), expected).verified;
    if (!verified || hash == null) {
      throw new LoginFailedException();
    }
  }
}
