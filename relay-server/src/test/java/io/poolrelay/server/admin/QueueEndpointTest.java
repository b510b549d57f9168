package io.poolrelay.server.admin;

import static io.poolrelay.server.admin.AdminHttp.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueEndpointTest {

  private static List<?> ids(HttpResponse<String> response) {
    return ((List<?>) object(response.body()).get("messages")).stream().map(m -> ((Map<?, ?>) m).get("queue_id"))
        .toList();
  }

  @Test
  void theQueueIsItsSummaryAndItsMessagesOldestFirst() throws Exception {
    try (AdminHttp admin = new AdminHttp()) {
      HttpResponse<String> response = admin.send("GET", "/api/queue");
      assertEquals(200, response.statusCode());
      assertEquals("{\"summary\":{\"total\":52,\"by_state\":{\"active\":4,\"deferred\":6,\"incoming\":2,\"waiting\":40},"
          + "\"by_pool\":{\"all\":12,\"bulk\":40},\"oldest_age_seconds\":5700,\"bytes\":1234567},\"messages\":["
          + "{\"queue_id\":\"" + FakeAdminApi.DEFERRED_ID + "\",\"state\":\"deferred\",\"pool\":\"bulk\",\"attempts\":2,"
          + "\"next_attempt\":\"2026-03-01T12:10:00Z\",\"last_reply\":\"451 4.7.1 greylisted, come back later\","
          + "\"size\":2048,\"arrival\":\"2026-03-01T10:25:00Z\",\"age_seconds\":5700},",
          response.body().substring(0, response.body().indexOf("},{") + 2));
      assertEquals(List.of(FakeAdminApi.DEFERRED_ID, FakeAdminApi.WAITING_ID, FakeAdminApi.ACTIVE_ID,
          FakeAdminApi.INCOMING_ID), ids(response));
      Map<?, ?> incoming = (Map<?, ?>) ((List<?>) object(response.body()).get("messages")).get(3);
      assertEquals(null, incoming.get("pool"), "not routed yet");
      assertEquals(null, incoming.get("next_attempt"));
    }
  }

  @Test
  void stateAndPoolFilterAndLimitCuts() throws Exception {
    try (AdminHttp admin = new AdminHttp()) {
      assertEquals(List.of(FakeAdminApi.DEFERRED_ID), ids(admin.send("GET", "/api/queue?state=deferred")));
      assertEquals(List.of(FakeAdminApi.WAITING_ID), ids(admin.send("GET", "/api/queue?state=WAITING&pool=bulk")));
      assertEquals(List.of(FakeAdminApi.DEFERRED_ID, FakeAdminApi.WAITING_ID), ids(admin.send("GET", "/api/queue?pool=bulk")));
      assertEquals(List.of(FakeAdminApi.DEFERRED_ID, FakeAdminApi.WAITING_ID), ids(admin.send("GET", "/api/queue?limit=2")));
      assertEquals(List.of(), ids(admin.send("GET", "/api/queue?pool=nosuch")));
      assertEquals(4, ids(admin.send("GET", "/api/queue?limit=10000")).size());
    }
  }

  @Test
  void badFiltersAre400WithTheReason() throws Exception {
    try (AdminHttp admin = new AdminHttp()) {
      for (String limit : List.of("0", "-1", "10001", "abc", "1e3", "", "99999999999")) {
        HttpResponse<String> response = admin.send("GET", "/api/queue?limit=" + limit);
        assertEquals(400, response.statusCode(), limit);
        assertEquals("limit must be a whole number from 1 to 10000", object(response.body()).get("error"));
      }
      assertEquals("unknown state 'bounced': use incoming, active, deferred, waiting",
          object(admin.send("GET", "/api/queue?state=bounced").body()).get("error"));
      assertEquals("unknown parameter 'status': use state, pool or limit",
          object(admin.send("GET", "/api/queue?status=deferred").body()).get("error"));
      assertEquals("give 'state' at most once",
          object(admin.send("GET", "/api/queue?state=deferred&state=waiting").body()).get("error"));
      assertEquals(400, admin.send("GET", "/api/queue?pool=").statusCode());
      assertEquals(405, admin.send("POST", "/api/queue").statusCode());
    }
  }
}
