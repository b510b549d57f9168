package io.poolrelay.server.admin;

/** {@code GET /healthz}: 200 {@code {"status":"ok"}} while the admin server runs. Needs no token. */
final class HealthEndpoint {

  AdminResponse get() {
    return AdminResponse.json(200, "{\"status\":\"ok\"}");
  }
}
