package io.poolrelay.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {

  private static final ThreadFactory THREADS = Thread.ofPlatform().name("relay-admin-", 0).factory();

  private final FakeAdminApi api = new FakeAdminApi();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private AdminServer server;
  private InetSocketAddress address;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    http.close();
  }

  private void start(Optional<String> token) throws IOException {
    server = new AdminServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), token, THREADS, api);
    address = server.start();
  }

  private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
        .timeout(Duration.ofSeconds(5)).method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends raw bytes on a new connection and returns everything the server writes until it closes. */
  private String raw(String bytes) throws IOException {
    try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static Map<?, ?> object(String json) {
    return (Map<?, ?>) JsonReader.parse(json);
  }

  @Test
  void healthzAnswersOk() throws Exception {
    start(Optional.empty());
    HttpResponse<String> response = send("GET", "/healthz");
    assertEquals(200, response.statusCode());
    assertEquals("{\"status\":\"ok\"}", response.body());
    assertEquals("application/json; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
  }

  @Test
  void upstreamsAreAJsonArrayWithEveryField() throws Exception {
    start(Optional.empty());
    HttpResponse<String> response = send("GET", "/api/upstreams");
    assertEquals(200, response.statusCode());
    assertEquals("[{\"name\":\"primary\",\"type\":\"smtp\",\"state\":\"up\",\"reason\":\"\","
        + "\"since\":\"2026-03-01T08:00:00Z\",\"until\":null,\"sent_last_hour\":120,\"hourly_limit\":1000,"
        + "\"sent_last_24h\":2400,\"daily_cap\":20000,\"warmup\":\"day 3 of 8 (200/day)\",\"in_flight\":4,"
        + "\"bounce_rate\":0.012,\"deferral_rate\":0.05,\"complaint_rate\":0.0,\"last_error\":\"\",\"account\":\"\",\"sandbox\":false},"
        + "{\"name\":\"ses\",\"type\":\"ses\",\"state\":\"down\",\"reason\":\"circuit open\","
        + "\"since\":\"2026-03-01T11:55:00Z\",\"until\":\"2026-03-01T12:05:00Z\",\"sent_last_hour\":0,"
        + "\"hourly_limit\":null,\"sent_last_24h\":310,\"daily_cap\":null,\"warmup\":\"\",\"in_flight\":0,"
        + "\"bounce_rate\":0.0,\"deferral_rate\":0.25,\"complaint_rate\":0.0,\"last_error\":\"454 4.7.0 \\\"throttled\\\"\\nretry later\","
        + "\"account\":\"200/24h, 1/s, 310 sent in 24h, sandbox\",\"sandbox\":true}]",
        response.body());
    List<?> parsed = (List<?>) JsonReader.parse(response.body());
    assertEquals("454 4.7.0 \"throttled\"\nretry later", ((Map<?, ?>) parsed.get(1)).get("last_error"));
  }

  @Test
  void upstreamsAsATableHaveOneLinePerUpstream() throws Exception {
    start(Optional.empty());
    HttpResponse<String> response = send("GET", "/api/upstreams?format=table");
    assertEquals(200, response.statusCode());
    assertEquals("""
        NAME     TYPE           STATE  REASON                                     HOUR      DAY         \
        WARMUP                INFLIGHT  BOUNCE  DEFER  LAST-ERROR
        primary  smtp           up     -                                          120/1000  2400/20000  \
        day 3 of 8 (200/day)  4         1.2%    5.0%   -
        ses      ses (sandbox)  down   circuit open (until 2026-03-01T12:05:00Z)  0/-       310/-       \
        -                     0         0.0%    25.0%  454 4.7.0 "throttled" retry later
        """, response.body());
    assertEquals(400, send("GET", "/api/upstreams?format=xml").statusCode());
  }

  @Test
  void pauseWithADurationReturnsThePausedUpstream() throws Exception {
    start(Optional.empty());
    HttpResponse<String> response = send("POST", "/api/upstreams/primary/pause?for=2h&reason=ip%20warmup%20issue");
    assertEquals(200, response.statusCode());
    Map<?, ?> view = object(response.body());
    assertEquals("paused", view.get("state"));
    assertEquals("ip warmup issue", view.get("reason"));
    assertEquals("2026-03-01T14:00:00Z", view.get("until"));
    assertEquals(List.of(new FakeAdminApi.Pause("primary", Optional.of(Duration.ofHours(2)), "ip warmup issue")),
        api.pauses());
  }

  @Test
  void pauseWithoutADurationLastsUntilResumed() throws Exception {
    start(Optional.empty());
    HttpResponse<String> response = send("POST", "/api/upstreams/primary/pause");
    assertEquals(200, response.statusCode());
    assertEquals(null, object(response.body()).get("until"));
    assertEquals(List.of(new FakeAdminApi.Pause("primary", Optional.empty(), PauseEndpoint.DEFAULT_REASON)),
        api.pauses());
  }

  @Test
  void pauseReasonsLoseTheirControlCharacters() throws Exception {
    start(Optional.empty());
    HttpResponse<String> response = send("POST", "/api/upstreams/primary/pause?reason=a%0Ab%0D%0A%09c%20");
    assertEquals("a b   c", object(response.body()).get("reason"));
  }

  @Test
  void pauseAcceptsSecondsMinutesHoursAndDays() throws Exception {
    start(Optional.empty());
    for (String d : List.of("30s", "15m", "2h", "1d")) {
      assertEquals(200, send("POST", "/api/upstreams/primary/pause?for=" + d).statusCode(), d);
    }
    assertEquals(List.of(Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofHours(2), Duration.ofDays(1)),
        api.pauses().stream().map(p -> p.duration().orElseThrow()).toList());
  }

  @Test
  void pauseWithABadDurationIs400AndPausesNothing() throws Exception {
    start(Optional.empty());
    for (String d : List.of("2x", "", "0h", "-5m", "1.5h", "h", "99999999999d", "2h&for=3h")) {
      HttpResponse<String> response = send("POST", "/api/upstreams/primary/pause?for=" + d);
      assertEquals(400, response.statusCode(), d);
      assertTrue(object(response.body()).get("error") instanceof String, response.body());
    }
    assertEquals("bad duration '2x': use a positive whole number and a unit (s, m, h or d), for example 30s, 15m, "
        + "2h or 1d", object(send("POST", "/api/upstreams/primary/pause?for=2x").body()).get("error"));
    assertEquals(List.of(), api.pauses());
  }

  @Test
  void complaintsAreCountedAgainstTheUpstreamWithACountThatDefaultsToOne() throws Exception {
    start(Optional.empty());
    assertEquals(200, send("POST", "/api/upstreams/primary/complaints").statusCode());
    HttpResponse<String> response = send("POST", "/api/upstreams/primary/complaints?count=4");
    assertEquals(200, response.statusCode());
    assertEquals("primary", object(response.body()).get("name"));
    assertEquals(Map.of("primary", 5), api.complaints());
  }

  @Test
  void complaintsAreRefusedWithTheReasonWhenNotCountable() throws Exception {
    start(Optional.empty());
    for (String count : List.of("0", "-1", "abc", "1000001", "1e3")) {
      HttpResponse<String> bad = send("POST", "/api/upstreams/primary/complaints?count=" + count);
      assertEquals(400, bad.statusCode(), count);
      assertEquals("count must be a whole number from 1 to 1000000", object(bad.body()).get("error"));
    }
    assertEquals(404, send("POST", "/api/upstreams/nosuch/complaints").statusCode());
    HttpResponse<String> guardOff = send("POST", "/api/upstreams/ses/complaints");
    assertEquals(409, guardOff.statusCode());
    assertTrue(String.valueOf(object(guardOff.body()).get("error")).contains("guard off"), guardOff.body());
    assertEquals(405, send("GET", "/api/upstreams/primary/complaints").statusCode());
    assertEquals(Map.of(), api.complaints());
  }

  @Test
  void pauseOrResumeOfAnUnknownUpstreamIs404() throws Exception {
    start(Optional.empty());
    HttpResponse<String> pause = send("POST", "/api/upstreams/nosuch/pause?for=1h");
    assertEquals(404, pause.statusCode());
    assertEquals("{\"error\":\"no upstream 'nosuch'\"}", pause.body());
    HttpResponse<String> resume = send("POST", "/api/upstreams/no%22such/resume");
    assertEquals(404, resume.statusCode());
    assertEquals("{\"error\":\"no upstream 'no\\\"such'\"}", resume.body());
  }

  @Test
  void resumeReturnsTheUpstreamUpAgain() throws Exception {
    start(Optional.empty());
    send("POST", "/api/upstreams/primary/pause");
    HttpResponse<String> response = send("POST", "/api/upstreams/primary/resume");
    assertEquals(200, response.statusCode());
    assertEquals("up", object(response.body()).get("state"));
    assertEquals(List.of("primary"), api.resumes());
  }

  @Test
  void unknownPathsAre404AndWrongMethodsAre405WithAllow() throws Exception {
    start(Optional.empty());
    for (String path : List.of("/index.html", "/api", "/api/upstreams/primary", "/api/upstreams/primary/stop",
        "/api/upstreams//pause", "/api/upstreams/a/b/pause")) {
      HttpResponse<String> response = send("GET", path);
      assertEquals(404, response.statusCode(), path);
      assertEquals("no such endpoint: " + path, object(response.body()).get("error"));
    }
    HttpResponse<String> get = send("GET", "/api/upstreams/primary/pause");
    assertEquals(405, get.statusCode());
    assertEquals("POST", get.headers().firstValue("allow").orElseThrow());
    assertEquals("use POST", object(get.body()).get("error"));
    HttpResponse<String> post = send("POST", "/api/upstreams");
    assertEquals(405, post.statusCode());
    assertEquals("GET", post.headers().firstValue("allow").orElseThrow());
    assertEquals(405, send("DELETE", "/healthz").statusCode());
    assertEquals(List.of(), api.pauses());
  }

  @Test
  void withATokenEveryRequestButHealthzNeedsIt() throws Exception {
    start(Optional.of("s3cret-token"));
    HttpResponse<String> none = send("GET", "/api/upstreams");
    assertEquals(401, none.statusCode());
    assertEquals("Bearer", none.headers().firstValue("www-authenticate").orElseThrow());
    assertEquals("{\"error\":\"a bearer token is required\"}", none.body());
    assertEquals(401, send("GET", "/api/upstreams", "Authorization", "Bearer wrong").statusCode());
    assertEquals(401, send("GET", "/api/upstreams", "Authorization", "Bearer s3cret-token-longer").statusCode());
    assertEquals(401, send("GET", "/api/upstreams", "Authorization", "Basic s3cret-token").statusCode());
    assertEquals(401, send("GET", "/nosuch").statusCode());
    assertEquals(401, send("POST", "/api/upstreams/primary/pause").statusCode());
    assertEquals(List.of(), api.pauses());

    assertEquals(200, send("GET", "/api/upstreams", "Authorization", "Bearer s3cret-token").statusCode());
    assertEquals(200, send("POST", "/api/upstreams/primary/pause", "Authorization", "bearer s3cret-token")
        .statusCode());
    assertEquals(200, send("GET", "/healthz").statusCode());
  }

  @Test
  void everyPoolQueueAndConfigEndpointNeedsTheToken() throws Exception {
    start(Optional.of("s3cret-token"));
    String id = FakeAdminApi.DEFERRED_ID;
    List<List<String>> requests = List.of(List.of("GET", "/api/pools"), List.of("GET", "/api/config"),
        List.of("GET", "/api/queue"), List.of("GET", "/api/queue/" + id), List.of("POST", "/api/queue/" + id + "/retry"),
        List.of("DELETE", "/api/queue/" + id), List.of("POST", "/api/queue/" + FakeAdminApi.WAITING_ID + "/delete"),
        List.of("POST", "/api/queue/flush"));
    for (List<String> request : requests) {
      assertEquals(401, send(request.get(0), request.get(1)).statusCode(), request.toString());
    }
    assertEquals(List.of(), api.retries());
    assertEquals(List.of(), api.deletions());
    assertEquals(0, api.flushes());
    for (List<String> request : requests) {
      assertEquals(200, send(request.get(0), request.get(1), "Authorization", "Bearer s3cret-token").statusCode(),
          request.toString());
    }
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutAToken() {
    AdminServer open = new AdminServer(new InetSocketAddress("0.0.0.0", 0), Optional.empty(), THREADS, api);
    IllegalStateException e = assertThrows(IllegalStateException.class, open::start);
    assertTrue(e.getMessage().contains("without a bearer token"), e.getMessage());
    assertEquals(Optional.empty(), open.address());
    open.close();
  }

  @Test
  void listensBeyondLoopbackWithAToken() throws Exception {
    server = new AdminServer(new InetSocketAddress("0.0.0.0", 0), Optional.of("t"), THREADS, api);
    address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.start().getPort());
    assertEquals(200, send("GET", "/api/upstreams", "Authorization", "Bearer t").statusCode());
  }

  @Test
  void malformedRequestsGetA400AndTheServerKeepsServing() throws Exception {
    start(Optional.empty());
    String garbage = raw("THIS IS NOT HTTP\u0000\u0001\r\n\r\n");
    assertTrue(garbage.startsWith("HTTP/1.1 400 "), garbage);
    assertTrue(garbage.endsWith("{\"error\":\"malformed HTTP request\"}"), garbage);
    String badEscape = raw("GET /api/upstreams/%zz/pause HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(badEscape.startsWith("HTTP/1.1 4"), badEscape);
    String controlName = raw("POST /api/upstreams/a%0Ab/pause HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(controlName.startsWith("HTTP/1.1 400 "), controlName);
    assertEquals(200, send("GET", "/healthz").statusCode());
  }

  @Test
  void oversizedRequestLinesHeadersAndBodiesAreRefusedAndTheServerKeepsServing() throws Exception {
    start(Optional.empty());
    String longUri = raw("GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(longUri.startsWith("HTTP/1.1 414 "), longUri.substring(0, Math.min(200, longUri.length())));
    String bigHeader = raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
    assertTrue(bigHeader.startsWith("HTTP/1.1 431 "), bigHeader);
    String bigBody = raw("POST /api/upstreams/primary/pause HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n"
        + "Connection: close\r\n\r\n");
    assertTrue(bigBody.startsWith("HTTP/1.1 413 "), bigBody);
    assertEquals(200, send("GET", "/healthz").statusCode());
    assertEquals(List.of(), api.pauses());
  }

  /** An API whose every method fails, as a bug inside the relay would. */
  private static AdminApi failingApi() {
    return (AdminApi) Proxy.newProxyInstance(AdminApi.class.getClassLoader(), new Class<?>[] {AdminApi.class},
        (proxy, method, args) -> {
          throw new IllegalStateException("secret internals");
        });
  }

  @Test
  void aFailingApiIsA500WithABlandMessage() throws Exception {
    server = new AdminServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.empty(), THREADS,
        failingApi());
    address = server.start();
    HttpResponse<String> response = send("GET", "/api/upstreams");
    assertEquals(500, response.statusCode());
    assertEquals("{\"error\":\"internal error; see the relay's log\"}", response.body());
    assertEquals(200, send("GET", "/healthz").statusCode());
  }

  @Test
  void eventLoopThreadsComeFromTheOwnersFactoryAndStopOnClose() throws Exception {
    start(Optional.empty());
    assertEquals(200, send("GET", "/healthz").statusCode());
    assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("relay-admin-")));
    server.close();
    server.close();
    assertTrue(Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().startsWith("relay-admin-") && t.isAlive()));
  }

  @Test
  void metricsAreThePrometheusTextBehindTheToken() throws Exception {
    api.setMetrics(Optional.of("# TYPE poolrelay_spool_bytes gauge\npoolrelay_spool_bytes 0.0\n"));
    start(Optional.of("s3cret"));
    assertEquals(401, send("GET", "/metrics").statusCode());
    HttpResponse<String> response = send("GET", "/metrics", "Authorization", "Bearer s3cret");
    assertEquals(200, response.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
    assertEquals("# TYPE poolrelay_spool_bytes gauge\npoolrelay_spool_bytes 0.0\n", response.body());
    assertEquals(405, send("POST", "/metrics", "Authorization", "Bearer s3cret").statusCode());
  }

  @Test
  void metricsWithoutAPrometheusRegistryAre404() throws Exception {
    start(Optional.empty());
    assertEquals(404, send("GET", "/metrics").statusCode());
  }

  @Test
  void readyzIs200WhenReadyAnd503WithTheProblemsOtherwiseWithoutAToken() throws Exception {
    start(Optional.of("s3cret"));
    HttpResponse<String> ready = send("GET", "/readyz");
    assertEquals(200, ready.statusCode());
    assertEquals("{\"ready\":true}", ready.body());
    api.setReadinessProblems(List.of("listener default is not bound", "spool directory is not writable"));
    HttpResponse<String> notReady = send("GET", "/readyz");
    assertEquals(503, notReady.statusCode());
    assertEquals("{\"ready\":false,\"problems\":[\"listener default is not bound\","
        + "\"spool directory is not writable\"]}", notReady.body());
  }
}
