package io.poolrelay.server.admin;

import java.util.List;

/**
 * {@code GET /readyz}: 200 {@code {"ready":true}} when every listener is bound and the spool is
 * writable; 503 {@code {"ready":false,"problems":[...]}} otherwise. Needs no token, like
 * {@code /healthz}: probes call it, and it names no secret (listener names and a bland spool message).
 */
final class ReadyEndpoint {

  private final AdminApi api;

  ReadyEndpoint(AdminApi api) {
    this.api = api;
  }

  AdminResponse get() {
    List<String> problems = api.readinessProblems();
    JsonWriter json = new JsonWriter().beginObject().name("ready").value(problems.isEmpty());
    if (problems.isEmpty()) {
      return AdminResponse.json(200, json.endObject().toString());
    }
    json.name("problems").beginArray();
    problems.forEach(json::value);
    return AdminResponse.json(503, json.endArray().endObject().toString());
  }
}
