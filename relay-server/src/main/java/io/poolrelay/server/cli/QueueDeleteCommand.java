package io.poolrelay.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code poolrelay queue delete ID}: removes a queued message without telling the sender (no bounce), as
 * {@code postsuper -d} does.
 */
@Command(name = "delete", description = "Remove a queued message. No bounce is sent: the sender is not told.")
final class QueueDeleteCommand implements Callable<Integer> {

  @Mixin
  AdminOption admin;

  @Parameters(paramLabel = "ID", description = "The queue id, as 'poolrelay queue list' shows it.")
  String id;

  @Override
  public Integer call() {
    // DELETE is the API's verb; the POST form exists for tools that can't send one, and we can.
    AdminOption.Result result = admin.call("DELETE", "/api/queue/" + AdminOption.encode(id));
    if (result instanceof AdminOption.Answer) {
      admin.out().printf("%s: deleted (no bounce sent)%n", id);
      admin.out().flush();
      return AdminOption.OK;
    }
    return ((AdminOption.Failed) result).exitCode();
  }
}
