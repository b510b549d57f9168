package io.poolrelay.server.admin;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.poolrelay.server.spool.QueueId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a request to its endpoint: the token check first (all but {@code /healthz} and {@code /readyz}),
 * then the path, then the method. Never throws: a failing {@link AdminApi} becomes a 500 with a bland
 * body, and the cause goes to the log.
 */
final class AdminRoutes {

  private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
  private static final String UPSTREAMS = "/api/upstreams";
  private static final String QUEUE = "/api/queue";

  private final Optional<BearerToken> token;
  private final HealthEndpoint health = new HealthEndpoint();
  private final UpstreamsEndpoint upstreams;
  private final PauseEndpoint pause;
  private final ResumeEndpoint resume;
  private final ComplaintsEndpoint complaints;
  private final ReloadEndpoint reload;
  private final StatusEndpoint status;
  private final PoolsEndpoint pools;
  private final ConfigEndpoint config;
  private final QueueEndpoint queue;
  private final QueueMessageEndpoint queuedMessage;
  private final RetryEndpoint retry;
  private final DeleteEndpoint delete;
  private final FlushEndpoint flush;
  private final ReadyEndpoint ready;
  private final MetricsEndpoint metrics;

  AdminRoutes(Optional<BearerToken> token, AdminApi api) {
    this.token = token;
    this.upstreams = new UpstreamsEndpoint(api);
    this.pause = new PauseEndpoint(api);
    this.resume = new ResumeEndpoint(api);
    this.complaints = new ComplaintsEndpoint(api);
    this.reload = new ReloadEndpoint(api);
    this.status = new StatusEndpoint(api);
    this.pools = new PoolsEndpoint(api);
    this.config = new ConfigEndpoint(api);
    this.queue = new QueueEndpoint(api);
    this.queuedMessage = new QueueMessageEndpoint(api);
    this.retry = new RetryEndpoint(api);
    this.delete = new DeleteEndpoint(api);
    this.flush = new FlushEndpoint(api);
    this.ready = new ReadyEndpoint(api);
    this.metrics = new MetricsEndpoint(api);
  }

  AdminResponse handle(AdminRequest request) {
    try {
      return route(request);
    } catch (RuntimeException e) {
      log.error("admin: {} {} from {} failed", request.method(), pathOf(request.uri()), request.remote(), e);
      return AdminResponse.error(500, "internal error; see the relay's log");
    }
  }

  private AdminResponse route(AdminRequest request) {
    QueryStringDecoder uri;
    String path;
    try {
      uri = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8);
      path = uri.rawPath();
      uri.parameters();
    } catch (IllegalArgumentException e) {
      return AdminResponse.error(400, "malformed request target");
    }
    if (path.equals("/healthz")) {
      return only("GET", request, health::get);
    }
    if (path.equals("/readyz")) {
      return only("GET", request, ready::get);
    }
    if (token.isPresent() && !token.get().accepts(request.authorization())) {
      log.warn("admin: {} {} from {} refused: missing or wrong bearer token", request.method(), path,
          request.remote());
      return AdminResponse.error(401, "a bearer token is required").withHeader("WWW-Authenticate", "Bearer");
    }
    Map<String, List<String>> query = uri.parameters();
    if (path.equals("/metrics")) {
      return only("GET", request, metrics::get);
    }
    if (path.equals("/api/reload")) {
      return only("POST", request, () -> reload.post(request));
    }
    if (path.equals("/")) {
      return only("GET", request, status::get);
    }
    if (path.equals("/api/pools")) {
      return only("GET", request, pools::get);
    }
    if (path.equals("/api/config")) {
      return only("GET", request, config::get);
    }
    if (path.equals(QUEUE)) {
      return only("GET", request, () -> queue.get(query));
    }
    if (path.startsWith(QUEUE + "/")) {
      Optional<AdminResponse> response = routeQueue(request, path.substring(QUEUE.length() + 1).split("/", -1));
      if (response.isPresent()) {
        return response.get();
      }
    }
    if (path.equals(UPSTREAMS)) {
      return only("GET", request, () -> upstreams.get(query));
    }
    if (path.startsWith(UPSTREAMS + "/")) {
      String[] parts = path.substring(UPSTREAMS.length() + 1).split("/", -1);
      if (parts.length == 2 && !parts[0].isEmpty()) {
        String name;
        try {
          name = QueryStringDecoder.decodeComponent(parts[0], StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return AdminResponse.error(400, "malformed upstream name in the path");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
          return AdminResponse.error(400, "malformed upstream name in the path");
        }
        switch (parts[1]) {
          case "pause" -> {
            return only("POST", request, () -> pause.post(request, name, query));
          }
          case "resume" -> {
            return only("POST", request, () -> resume.post(request, name));
          }
          case "complaints" -> {
            return only("POST", request, () -> complaints.post(request, name, query));
          }
          default -> {
          }
        }
      }
    }
    return AdminResponse.error(404, "no such endpoint: " + path);
  }

  /** {@code /api/queue/flush}, {@code /api/queue/{id}} and {@code /api/queue/{id}/action}; empty for no such path. */
  private Optional<AdminResponse> routeQueue(AdminRequest request, String[] parts) {
    if (parts.length == 1 && parts[0].equals("flush")) {
      return Optional.of(only("POST", request, () -> flush.post(request)));
    }
    if (parts.length > 2 || parts[0].isEmpty()
        || parts.length == 2 && !parts[1].equals("retry") && !parts[1].equals("delete")) {
      return Optional.empty();
    }
    String id = parts[0];
    if (!QueueId.isValid(id)) {
      return Optional.of(AdminResponse.error(400, "malformed queue id in the path"));
    }
    if (parts.length == 1) {
      return Optional.of(switch (request.method()) {
        case "GET" -> queuedMessage.get(id);
        case "DELETE" -> delete.delete(request, id);
        default -> AdminResponse.error(405, "use GET or DELETE").withHeader("Allow", "GET, DELETE");
      });
    }
    return Optional.of(parts[1].equals("retry")
        ? only("POST", request, () -> retry.post(request, id))
        : only("POST", request, () -> delete.delete(request, id)));
  }

  private static AdminResponse only(String method, AdminRequest request,
      Supplier<AdminResponse> endpoint) {
    if (!request.method().equals(method)) {
      return AdminResponse.error(405, "use " + method).withHeader("Allow", method);
    }
    return endpoint.get();
  }

  private static String pathOf(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }
}
