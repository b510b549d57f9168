package io.poolrelay.server.cli;

import io.poolrelay.server.admin.JsonReader;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code poolrelay queue flush}: every deferred message is tried now, and waiting mail is looked at again. */
@Command(name = "flush", description = "Try every deferred message now; waiting mail leaves as its pool has room.")
final class QueueFlushCommand implements Callable<Integer> {

  @Mixin
  AdminOption admin;

  @Override
  public Integer call() {
    AdminOption.Result result = admin.call("POST", "/api/queue/flush");
    if (result instanceof AdminOption.Answer answer) {
      admin.out().printf("flushed: %s deferred message(s) due now%n",
          ((Map<?, ?>) JsonReader.parse(answer.body())).get("flushed"));
      admin.out().flush();
      return AdminOption.OK;
    }
    return ((AdminOption.Failed) result).exitCode();
  }
}
