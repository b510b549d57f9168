package io.poolrelay.upstreams.limits;

/**
 * Told each time a provider account is read (at start and at every health check), so its quota can
 * clamp the configured limits and its standing can pause the upstream. Called on the health-check
 * thread; implementations must be quick and thread-safe.
 */
public interface AccountObserver {

  AccountObserver NONE = new AccountObserver() {
    @Override
    public void accountRead(ProviderAccount account) {
    }

    @Override
    public void accountUnreadable(String reason) {
    }
  };

  void accountRead(ProviderAccount account);

  /** The credentials work but the account cannot be read (no permission): the configured limits apply. */
  void accountUnreadable(String reason);
}
