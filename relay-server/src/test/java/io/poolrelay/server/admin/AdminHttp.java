package io.poolrelay.server.admin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** An {@link AdminServer} on loopback port 0 over a {@link FakeAdminApi}, and an HTTP client for it; for endpoint tests. */
final class AdminHttp implements AutoCloseable {

  final FakeAdminApi api = new FakeAdminApi();
  private final AdminServer server;
  private final InetSocketAddress address;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  AdminHttp(Optional<String> token) throws IOException {
    server = new AdminServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), token,
        Thread.ofPlatform().name("relay-admin-", 0).factory(), api);
    address = server.start();
  }

  AdminHttp() throws IOException {
    this(Optional.empty());
  }

  HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
        .timeout(Duration.ofSeconds(5)).method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Map<?, ?> object(String json) {
    return (Map<?, ?>) JsonReader.parse(json);
  }

  @Override
  public void close() {
    server.close();
    http.close();
  }
}
