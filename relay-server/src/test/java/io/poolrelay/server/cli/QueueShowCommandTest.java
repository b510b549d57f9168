package io.poolrelay.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.poolrelay.server.admin.FakeAdminApi;
import io.poolrelay.server.admin.JsonReader;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueueShowCommandTest {

  @Test
  void printsTheEnvelopeAndQueueStateOneFieldALine() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run run = RunningAdmin.run("queue", "show", FakeAdminApi.DEFERRED_ID, "--admin", admin.url);
      assertEquals(0, run.exit(), run.err());
      assertEquals("""
          queue id:    %s
          state:       deferred, 2 attempt(s), next 2026-03-01T12:10:00Z
          pool:        bulk
          arrival:     2026-03-01T10:25:00Z (1h35m ago)
          size:        2048 bytes
          sender:      app@example.com
          recipients:  a@example.net (settled), b@example.org
          listener:    default (client 192.0.2.7)
          auth user:   crm
          hints:       X-Campaign: spring-sale
          origin:      smtp
          last reply:  451 4.7.1 greylisted, come back later
          """.formatted(FakeAdminApi.DEFERRED_ID), run.out());
    }
  }

  @Test
  void jsonPrintsTheApisAnswerAndAnUnknownIdExits1() throws Exception {
    try (RunningAdmin admin = new RunningAdmin(Optional.empty())) {
      RunningAdmin.Run json = RunningAdmin.run("queue", "show", FakeAdminApi.WAITING_ID, "--json", "--admin", admin.url);
      assertEquals(0, json.exit(), json.err());
      assertEquals("waiting", ((Map<?, ?>) JsonReader.parse(json.out().strip())).get("state"));
      RunningAdmin.Run unknown = RunningAdmin.run("queue", "show", "0000000000ZZZZZ", "--admin", admin.url);
      assertEquals(1, unknown.exit());
      assertEquals("poolrelay: no message '0000000000ZZZZZ' in the queue\n", unknown.err());
      RunningAdmin.Run malformed = RunningAdmin.run("queue", "show", "../etc/passwd", "--admin", admin.url);
      assertEquals(1, malformed.exit());
      assertEquals("poolrelay: malformed queue id in the path\n", malformed.err());
    }
  }
}
