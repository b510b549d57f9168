package io.poolrelay.server.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/** One response: status, content type, body and any extra headers ({@code Allow}, {@code WWW-Authenticate}). */
record AdminResponse(int status, String contentType, String body, Map<String, String> headers) {

  static final String JSON = "application/json; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";
  static final String HTML = "text/html; charset=utf-8";

  AdminResponse {
    headers = Map.copyOf(headers);
  }

  static AdminResponse json(int status, String body) {
    return new AdminResponse(status, JSON, body, Map.of());
  }

  static AdminResponse text(String body) {
    return new AdminResponse(200, TEXT, body, Map.of());
  }

  static AdminResponse html(String body) {
    return new AdminResponse(200, HTML, body, Map.of());
  }

  /** Every error body has one shape: {@code {"error": "..."}}. */
  static AdminResponse error(int status, String message) {
    return json(status, new JsonWriter().beginObject().name("error").value(message).endObject().toString());
  }

  AdminResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new AdminResponse(status, contentType, body, more);
  }
}
