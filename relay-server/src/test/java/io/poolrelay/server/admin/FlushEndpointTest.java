package io.poolrelay.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class FlushEndpointTest {

  @Test
  void flushSaysHowManyDeferredMessagesAreDueNow() throws Exception {
    try (AdminHttp admin = new AdminHttp()) {
      HttpResponse<String> response = admin.send("POST", "/api/queue/flush");
      assertEquals(200, response.statusCode());
      assertEquals("{\"flushed\":1}", response.body());
      assertEquals(405, admin.send("GET", "/api/queue/flush").statusCode());
      assertEquals(1, admin.api.flushes());
    }
  }
}
