package io.poolrelay.server.cli;

import io.poolrelay.server.admin.JsonReader;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code poolrelay queue retry ID}: a deferred or waiting message is tried now, not at its next scheduled attempt. */
@Command(name = "retry", description = "Try a deferred or waiting message now instead of at its next attempt.")
final class QueueRetryCommand implements Callable<Integer> {

  @Mixin
  AdminOption admin;

  @Parameters(paramLabel = "ID", description = "The queue id, as 'poolrelay queue list' shows it.")
  String id;

  @Override
  public Integer call() {
    AdminOption.Result result = admin.call("POST", "/api/queue/" + AdminOption.encode(id) + "/retry");
    if (result instanceof AdminOption.Answer answer) {
      Map<?, ?> m = (Map<?, ?>) JsonReader.parse(answer.body());
      admin.out().printf("%s: due now (pool %s, %s attempt(s) so far)%n", m.get("queue_id"),
          m.get("pool") == null ? "not yet routed" : m.get("pool"), m.get("attempts"));
      admin.out().flush();
      return AdminOption.OK;
    }
    return ((AdminOption.Failed) result).exitCode();
  }
}
