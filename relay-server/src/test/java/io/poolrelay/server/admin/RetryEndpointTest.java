package io.poolrelay.server.admin;

import static io.poolrelay.server.admin.AdminHttp.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryEndpointTest {

  @Test
  void aDeferredOrWaitingMessageIsDueNowAndReturned() throws Exception {
    try (AdminHttp admin = new AdminHttp()) {
      HttpResponse<String> deferred = admin.send("POST", "/api/queue/" + FakeAdminApi.DEFERRED_ID + "/retry");
      assertEquals(200, deferred.statusCode());
      Map<?, ?> message = object(deferred.body());
      assertEquals(FakeAdminApi.DEFERRED_ID, message.get("queue_id"));
      assertEquals("2026-03-01T12:00:00Z", message.get("next_attempt"));
      assertEquals(200, admin.send("POST", "/api/queue/" + FakeAdminApi.WAITING_ID + "/retry").statusCode());
      assertEquals(List.of(FakeAdminApi.DEFERRED_ID, FakeAdminApi.WAITING_ID), admin.api.retries());
    }
  }

  @Test
  void anIncomingOrActiveMessageIs409AndAnUnknownOne404() throws Exception {
    try (AdminHttp admin = new AdminHttp()) {
      HttpResponse<String> active = admin.send("POST", "/api/queue/" + FakeAdminApi.ACTIVE_ID + "/retry");
      assertEquals(409, active.statusCode());
      assertEquals("message '" + FakeAdminApi.ACTIVE_ID + "' is active; only deferred or waiting messages can be retried",
          object(active.body()).get("error"));
      assertEquals(409, admin.send("POST", "/api/queue/" + FakeAdminApi.INCOMING_ID + "/retry").statusCode());
      assertEquals(404, admin.send("POST", "/api/queue/0000000000ZZZZZ/retry").statusCode());
      assertEquals(400, admin.send("POST", "/api/queue/nope/retry").statusCode());
      HttpResponse<String> get = admin.send("GET", "/api/queue/" + FakeAdminApi.DEFERRED_ID + "/retry");
      assertEquals(405, get.statusCode());
      assertEquals(3, admin.api.retries().size(), "the GET and the malformed id reached nothing");
    }
  }
}
