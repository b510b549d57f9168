package io.poolrelay.server.admin;

import io.poolrelay.server.reload.ReloadResult;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/reload}: re-reads the configuration file. 200 {@code {"applied":true,"changes":[...],
 * "needs_restart":[...]}} when the new file is in force; 422 {@code {"applied":false,"errors":[...]}} when
 * it is invalid, in which case nothing changed.
 */
final class ReloadEndpoint {

  private static final Logger log = LoggerFactory.getLogger(ReloadEndpoint.class);

  private final AdminApi api;

  ReloadEndpoint(AdminApi api) {
    this.api = api;
  }

  AdminResponse post(AdminRequest request) {
    log.info("admin: {} asked for a reload", request.remote());
    ReloadResult result = api.reload();
    JsonWriter json = new JsonWriter().beginObject().name("applied").value(result.applied());
    if (result.applied()) {
      strings(json.name("changes"), result.changes());
      strings(json.name("needs_restart"), result.needsRestart());
    } else {
      strings(json.name("errors"), result.errors());
    }
    return AdminResponse.json(result.applied() ? 200 : 422, json.endObject().toString());
  }

  private static void strings(JsonWriter json, List<String> values) {
    json.beginArray();
    values.forEach(json::value);
    json.endArray();
  }
}
