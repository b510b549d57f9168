package io.poolrelay.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class PoolsEndpointTest {

  @Test
  void poolsAreAJsonArrayWithMembersStatesAndTheirShareOfTheQueue() throws Exception {
    try (AdminHttp admin = new AdminHttp()) {
      HttpResponse<String> response = admin.send("GET", "/api/pools");
      assertEquals(200, response.statusCode());
      assertEquals("[{\"name\":\"all\",\"strategy\":\"weighted\",\"fallback\":null,"
          + "\"members\":[{\"upstream\":\"primary\",\"weight\":10,\"state\":\"up\"}],\"queued\":12,\"waiting\":0,"
          + "\"time_to_send_seconds\":180},"
          + "{\"name\":\"bulk\",\"strategy\":\"priority\",\"fallback\":\"all\","
          + "\"members\":[{\"upstream\":\"ses\",\"weight\":1,\"state\":\"down\"}],\"queued\":40,\"waiting\":40,"
          + "\"time_to_send_seconds\":null}]", response.body());
      assertEquals(405, admin.send("POST", "/api/pools").statusCode());
    }
  }
}
