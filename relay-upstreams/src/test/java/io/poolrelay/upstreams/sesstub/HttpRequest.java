package io.poolrelay.upstreams.sesstub;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One HTTP/1.1 request as read from the socket, its body de-chunked. */
record HttpRequest(String method, String target, String version, Map<String, List<String>> headers, byte[] body) {

  HttpRequest {
    headers = HttpHeaders.copyOf(headers);
  }

  /** The target without its query string. */
  String path() {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  Optional<String> header(String name) {
    return HttpHeaders.first(headers, name);
  }

  /** HTTP/1.0 closes by default, HTTP/1.1 keeps the connection unless asked to close it. */
  boolean keepAlive() {
    String connection = header("Connection").orElse("").trim();
    return version.equals("HTTP/1.0") ? connection.equalsIgnoreCase("keep-alive") : !connection.equalsIgnoreCase("close");
  }
}
