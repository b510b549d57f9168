package io.poolrelay.server.admin;

import static io.poolrelay.server.admin.AdminHttp.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class QueueMessageEndpointTest {

  @Test
  void oneMessageIsItsQueueFieldsAndItsEnvelopeWithTheSettledRecipients() throws Exception {
    try (AdminHttp admin = new AdminHttp()) {
      HttpResponse<String> response = admin.send("GET", "/api/queue/" + FakeAdminApi.DEFERRED_ID);
      assertEquals(200, response.statusCode());
      assertEquals("{\"queue_id\":\"" + FakeAdminApi.DEFERRED_ID + "\",\"state\":\"deferred\",\"pool\":\"bulk\","
          + "\"attempts\":2,\"next_attempt\":\"2026-03-01T12:10:00Z\","
          + "\"last_reply\":\"451 4.7.1 greylisted, come back later\",\"size\":2048,\"arrival\":\"2026-03-01T10:25:00Z\",\"age_seconds\":5700,"
          + "\"sender\":\"app@example.com\",\"recipients\":[\"a@example.net\",\"b@example.org\"],"
          + "\"settled_recipients\":[\"a@example.net\"],\"listener\":\"default\",\"client_address\":\"192.0.2.7\","
          + "\"auth_user\":\"crm\",\"hints\":{\"X-Campaign\":\"spring-sale\"},\"origin\":\"smtp\"}", response.body());
    }
  }

  @Test
  void aMessageNotQueuedIs404AndAMalformedIdIs400() throws Exception {
    try (AdminHttp admin = new AdminHttp()) {
      String unknown = "0000000000ZZZZZ";
      HttpResponse<String> missing = admin.send("GET", "/api/queue/" + unknown);
      assertEquals(404, missing.statusCode());
      assertEquals("no message '" + unknown + "' in the queue", object(missing.body()).get("error"));
      for (String bad : java.util.List.of("short", "0000000000ZZZZZ0", "0000000000ZZZZU", "..%2F..%2Fetc",
          "0000000000zzzzz")) {
        HttpResponse<String> response = admin.send("GET", "/api/queue/" + bad);
        assertEquals(400, response.statusCode(), bad);
        assertEquals("malformed queue id in the path", object(response.body()).get("error"));
      }
      assertEquals(405, admin.send("PUT", "/api/queue/" + unknown).statusCode());
      assertEquals("GET, DELETE", admin.send("PUT", "/api/queue/" + unknown).headers().firstValue("allow").orElseThrow());
      assertEquals(404, admin.send("POST", "/api/queue/" + unknown + "/hold").statusCode());
    }
  }
}
