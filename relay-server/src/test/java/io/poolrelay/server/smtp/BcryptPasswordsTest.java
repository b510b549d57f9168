package io.poolrelay.server.smtp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.poolrelay.config.model.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.auth.LoginFailedException;

class BcryptPasswordsTest {

  private static String hash(BCrypt.Version version, String password) {
    return BCrypt.with(version).hashToString(4, password.toCharArray());
  }

  private final BcryptPasswords passwords = new BcryptPasswords(Map.of(
      "crm", new Secret(hash(BCrypt.Version.VERSION_2Y, "s3cret")),
      "app2", new Secret(hash(BCrypt.Version.VERSION_2B, "other"))));

  @Test
  void rightPasswordPassesForEveryBcryptVersion() {
    assertDoesNotThrow(() -> passwords.login("crm", "s3cret", null));
    assertDoesNotThrow(() -> passwords.login("app2", "other", null));
  }

  @Test
  void wrongPasswordFails() {
    assertThrows(LoginFailedException.class, () -> passwords.login("crm", "other", null));
  }

  @Test
  void unknownUserFailsEvenWithAPasswordSomeoneHas() {
    assertThrows(LoginFailedException.class, () -> passwords.login("nobody", "s3cret", null));
  }

  @Test
  void userNamesAreCaseSensitive() {
    assertThrows(LoginFailedException.class, () -> passwords.login("CRM", "s3cret", null));
  }

  @Test
  void passwordLongerThanBcryptTakesIsTruncatedNotAnError() {
    String longPassword = "x".repeat(100);
    BcryptPasswords withLong = new BcryptPasswords(Map.of(
        "crm", new Secret(BCrypt.with(BCrypt.Version.VERSION_2A,
            at.favre.lib.crypto.bcrypt.LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A))
            .hashToString(4, longPassword.toCharArray()))));

    assertDoesNotThrow(() -> withLong.login("crm", longPassword, null));
    assertThrows(LoginFailedException.class, () -> withLong.login("crm", "x".repeat(10), null));
  }
}
