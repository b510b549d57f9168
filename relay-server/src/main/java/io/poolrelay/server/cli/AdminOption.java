package io.poolrelay.server.cli;

import io.poolrelay.server.admin.JsonReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --admin} and {@code --token} options of the commands that talk to a running relay, the
 * request to its admin API, and how a failed request is reported. Exit codes: {@value #OK} done,
 * {@value #REFUSED} the API answered with an error, {@value #UNREACHABLE} no answer (or a bad URL).
 */
final class AdminOption {

  static final String DEFAULT_URL = "http://127.0.0.1:8025";
  static final String TOKEN_ENV = "POOLRELAY_ADMIN_TOKEN";
  static final int OK = 0;
  static final int REFUSED = 1;
  static final int UNREACHABLE = 2;
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  @Option(names = "--admin", paramLabel = "URL", defaultValue = DEFAULT_URL,
      description = "Admin API of the running relay (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:" + TOKEN_ENV + "}",
      description = "Bearer token for the admin API (default: $" + TOKEN_ENV + ", which keeps it out of ps).")
  String token;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  PrintWriter out() {
    return command.commandLine().getOut();
  }

  PrintWriter err() {
    return command.commandLine().getErr();
  }

  /** {@code text} encoded for one path segment or query value. */
  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The outcome of one call: the answer's body, or the exit code after the problem was printed. */
  sealed interface Result permits Answer, Failed {
  }

  record Answer(String body) implements Result {
  }

  record Failed(int exitCode) implements Result {
  }

  /**
   * Sends {@code method pathAndQuery} to the admin API. A 200 is an {@link Answer}; anything else is
   * printed to the error stream as one line and becomes {@link Failed}.
   */
  Result call(String method, String pathAndQuery) {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    URI uri;
    try {
      uri = URI.create(base + pathAndQuery);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      err().printf("poolrelay: --admin must be an http:// or https:// URL, got '%s'%n", url);
      return new Failed(UNREACHABLE);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token.strip());
    }
    HttpResponse<String> response;
    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT).build()) {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      err().printf("poolrelay: cannot reach the admin API at %s: %s; is the relay running?%n", base, why(e));
      return new Failed(UNREACHABLE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err().printf("poolrelay: interrupted while waiting for the admin API at %s%n", base);
      return new Failed(UNREACHABLE);
    }
    if (response.statusCode() == 200) {
      return new Answer(response.body());
    }
    String error = errorOf(response.body()).orElse("HTTP " + response.statusCode());
    if (response.statusCode() == 401) {
      err().printf("poolrelay: the admin API at %s refused the request: %s; pass --token or set %s%n", base,
          error, TOKEN_ENV);
    } else {
      err().printf("poolrelay: %s%n", error);
    }
    return new Failed(REFUSED);
  }

  /**
   * The {@code error} member of an error body, or its {@code errors} list one per line (a refused
   * reload), if the body is one.
   */
  private static Optional<String> errorOf(String body) {
    try {
      if (JsonReader.parse(body) instanceof Map<?, ?> map) {
        if (map.get("error") instanceof String error) {
          return Optional.of(error);
        }
        if (map.get("errors") instanceof List<?> errors) {
          StringBuilder text = new StringBuilder("refused, nothing changed:");
          errors.forEach(error -> text.append(System.lineSeparator()).append("  ").append(error));
          return Optional.of(text.toString());
        }
      }
    } catch (IllegalArgumentException e) {
      // not JSON: fall back to the status code
    }
    return Optional.empty();
  }

  private static String why(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection within " + CONNECT_TIMEOUT.toSeconds() + "s";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused";
      }
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
