package io.poolrelay.server.admin;

import java.util.List;
import java.util.Map;

/** {@code GET /api/upstreams}: every upstream as a JSON array, or as a text table with {@code ?format=table}. */
final class UpstreamsEndpoint {

  private final AdminApi api;

  UpstreamsEndpoint(AdminApi api) {
    this.api = api;
  }

  AdminResponse get(Map<String, List<String>> query) {
    List<String> format = query.getOrDefault("format", List.of("json"));
    if (format.size() != 1) {
      return AdminResponse.error(400, "give 'format' at most once");
    }
    return switch (format.get(0)) {
      case "json" -> AdminResponse.json(200, UpstreamJson.array(api.upstreams()));
      case "table" -> AdminResponse.text(UpstreamTable.render(api.upstreams()));
      default -> AdminResponse.error(400, "unknown format '" + format.get(0) + "': use json or table");
    };
  }
}
