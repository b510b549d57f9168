package io.poolrelay.server.admin;

/** {@code GET /api/pools}: every pool with its members' states and its share of the queue, as a JSON array. */
final class PoolsEndpoint {

  private final AdminApi api;

  PoolsEndpoint(AdminApi api) {
    this.api = api;
  }

  AdminResponse get() {
    return AdminResponse.json(200, PoolJson.array(api.pools()));
  }
}
