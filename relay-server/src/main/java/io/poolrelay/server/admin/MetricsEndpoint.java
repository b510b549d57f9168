package io.poolrelay.server.admin;

import java.util.Map;

/** {@code GET /metrics}: the Prometheus text exposition; 404 when the relay keeps no Prometheus registry. */
final class MetricsEndpoint {

  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final AdminApi api;

  MetricsEndpoint(AdminApi api) {
    this.api = api;
  }

  AdminResponse get() {
    return api.metrics()
        .map(text -> new AdminResponse(200, PROMETHEUS_TEXT, text, Map.of()))
        .orElseGet(() -> AdminResponse.error(404, "metrics are not exposed in Prometheus format"));
  }
}
