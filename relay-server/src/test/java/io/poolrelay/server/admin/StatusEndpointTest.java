package io.poolrelay.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /} through the real admin server: routing, headers and the token. */
class StatusEndpointTest {

  private AdminHttp admin;

  @AfterEach
  void stop() {
    if (admin != null) {
      admin.close();
    }
  }

  private void start(Optional<String> token) throws IOException {
    admin = new AdminHttp(token);
  }

  private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    return admin.send(method, path, headers);
  }

  @Test
  void getSlashIsTheStatusPageAsUncachedHtml() throws Exception {
    start(Optional.empty());
    HttpResponse<String> response = send("GET", "/");
    assertEquals(200, response.statusCode());
    assertEquals("text/html; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
    assertEquals("no-store", response.headers().firstValue("cache-control").orElseThrow());
    assertEquals(StatusEndpoint.CONTENT_SECURITY_POLICY,
        response.headers().firstValue("content-security-policy").orElseThrow());
    assertEquals("nosniff", response.headers().firstValue("x-content-type-options").orElseThrow());
    assertTrue(response.body().startsWith("<!DOCTYPE html>"), response.body());
    assertTrue(response.body().contains("data-upstream=\"primary\""), response.body());
    assertTrue(response.body().contains("fallback → all"), "UTF-8 survives the trip");
  }

  @Test
  void aQueryStringDoesNotChangeTheRoute() throws Exception {
    start(Optional.empty());
    assertEquals(200, send("GET", "/?refresh=1").statusCode());
  }

  @Test
  void onlyGetIsAllowed() throws Exception {
    start(Optional.empty());
    HttpResponse<String> response = send("POST", "/");
    assertEquals(405, response.statusCode());
    assertEquals("GET", response.headers().firstValue("allow").orElseThrow());
  }

  @Test
  void withATokenThePageNeedsItLikeTheApi() throws Exception {
    start(Optional.of("s3cret"));
    HttpResponse<String> refused = send("GET", "/");
    assertEquals(401, refused.statusCode());
    assertEquals("Bearer", refused.headers().firstValue("www-authenticate").orElseThrow());
    assertEquals(401, send("GET", "/", "Authorization", "Bearer wrong").statusCode());
    assertEquals(401, send("GET", "/?token=s3cret").statusCode(), "a token in the URL is not accepted");
    HttpResponse<String> allowed = send("GET", "/", "Authorization", "Bearer s3cret");
    assertEquals(200, allowed.statusCode());
    assertTrue(allowed.body().contains("data-upstream=\"ses\""), allowed.body());
    assertEquals(200, send("GET", "/healthz").statusCode(), "healthz stays open");
  }

  @Test
  void otherPathsAreStillNotFound() throws Exception {
    start(Optional.empty());
    assertEquals(404, send("GET", "/index.html").statusCode());
    assertEquals(404, send("GET", "/status").statusCode());
  }
}
