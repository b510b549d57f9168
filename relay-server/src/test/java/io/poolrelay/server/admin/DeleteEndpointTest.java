package io.poolrelay.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeleteEndpointTest {

  @Test
  void deleteOrPostDeleteRemovesTheMessage() throws Exception {
    try (AdminHttp admin = new AdminHttp()) {
      HttpResponse<String> deleted = admin.send("DELETE", "/api/queue/" + FakeAdminApi.DEFERRED_ID);
      assertEquals(200, deleted.statusCode());
      assertEquals("{\"deleted\":\"" + FakeAdminApi.DEFERRED_ID + "\"}", deleted.body());
      HttpResponse<String> posted = admin.send("POST", "/api/queue/" + FakeAdminApi.WAITING_ID + "/delete");
      assertEquals(200, posted.statusCode());
      assertEquals("{\"deleted\":\"" + FakeAdminApi.WAITING_ID + "\"}", posted.body());
      assertEquals(List.of(FakeAdminApi.ACTIVE_ID, FakeAdminApi.INCOMING_ID),
          admin.api.queue(java.util.Optional.empty(), java.util.Optional.empty(), 10).stream()
              .map(QueuedView::queueId).toList());
    }
  }

  @Test
  void aMessageBeingDeliveredIs409AndOneNotQueued404() throws Exception {
    try (AdminHttp admin = new AdminHttp()) {
      assertEquals(409, admin.send("DELETE", "/api/queue/" + FakeAdminApi.ACTIVE_ID).statusCode());
      assertEquals(404, admin.send("DELETE", "/api/queue/0000000000ZZZZZ").statusCode());
      assertEquals(404, admin.send("POST", "/api/queue/0000000000ZZZZZ/delete").statusCode());
      assertEquals(405, admin.send("GET", "/api/queue/" + FakeAdminApi.DEFERRED_ID + "/delete").statusCode());
      assertEquals(List.of(FakeAdminApi.ACTIVE_ID, "0000000000ZZZZZ", "0000000000ZZZZZ"), admin.api.deletions());
    }
  }
}
