package io.poolrelay.server.it;

import io.poolrelay.server.admin.JsonReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One upstream as a running relay's {@code GET /api/upstreams} shows it: what an operator (or the CLI)
 * reads, so scenario tests check the same JSON.
 */
record UpstreamEntry(Map<?, ?> json) {

  /** Fetches the relay's upstream list over HTTP and returns the entry named {@code name}. */
  static UpstreamEntry fetch(RunningRelay relay, String name) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(relay.adminUrl() + "/api/upstreams"))
        .timeout(Duration.ofSeconds(5)).GET().build();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("GET /api/upstreams answered " + response.statusCode() + ": " + response.body());
      }
      for (Object entry : (List<?>) JsonReader.parse(response.body())) {
        Map<?, ?> upstream = (Map<?, ?>) entry;
        if (name.equals(upstream.get("name"))) {
          return new UpstreamEntry(upstream);
        }
      }
      throw new AssertionError("no upstream '" + name + "' in " + response.body());
    } catch (IOException e) {
      throw new AssertionError("GET /api/upstreams failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted reading /api/upstreams", e);
    }
  }

  String state() {
    return (String) json.get("state");
  }

  String reason() {
    return (String) json.get("reason");
  }

  String warmup() {
    return (String) json.get("warmup");
  }

  String lastError() {
    return (String) json.get("last_error");
  }

  long sentLastHour() {
    return number("sent_last_hour");
  }

  long sentLast24h() {
    return number("sent_last_24h");
  }

  long hourlyLimit() {
    return number("hourly_limit");
  }

  long dailyCap() {
    return number("daily_cap");
  }

  private long number(String member) {
    Object value = json.get(member);
    if (!(value instanceof BigDecimal number)) {
      throw new AssertionError(member + " is not a number in " + json);
    }
    return number.longValueExact();
  }

  @Override
  public String toString() {
    return json.toString();
  }
}
