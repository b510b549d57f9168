package io.poolrelay.server.admin;

/**
 * {@code GET /api/config}: the configuration the relay runs now (after any reload), as JSON with every
 * secret masked. See {@link ConfigJson}.
 */
final class ConfigEndpoint {

  private final AdminApi api;

  ConfigEndpoint(AdminApi api) {
    this.api = api;
  }

  AdminResponse get() {
    return AdminResponse.json(200, ConfigJson.of(api.config()));
  }
}
