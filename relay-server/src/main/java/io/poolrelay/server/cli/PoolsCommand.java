package io.poolrelay.server.cli;

import static io.poolrelay.server.cli.QueueListCommand.text;
import io.poolrelay.server.admin.JsonReader;
import io.poolrelay.server.text.TextTable;
import io.poolrelay.server.text.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;


/** {@code poolrelay pools}: every pool with its members' states and its share of the queue, as a table or JSON. */
@Command(name = "pools", description = "Show every pool of the running relay: members, queued and waiting mail.")
final class PoolsCommand implements Callable<Integer> {

  @Mixin
  AdminOption admin;

  @Option(names = "--json", description = "Print the admin API's JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    AdminOption.Result result = admin.call("GET", "/api/pools");
    if (result instanceof AdminOption.Answer answer) {
      admin.out().print(json ? answer.body() + "\n" : render((List<?>) JsonReader.parse(answer.body())));
      admin.out().flush();
      return AdminOption.OK;
    }
    return ((AdminOption.Failed) result).exitCode();
  }

  private static String render(List<?> pools) {
    TextTable table = new TextTable("POOL", "STRATEGY", "FALLBACK", "QUEUED", "WAITING", "TIME-TO-SEND", "MEMBERS");
    for (Object item : pools) {
      Map<?, ?> pool = (Map<?, ?>) item;
      List<String> members = new ArrayList<>();
      for (Object member : (List<?>) pool.get("members")) {
        Map<?, ?> m = (Map<?, ?>) member;
        members.add(m.get("upstream") + " (weight " + m.get("weight") + ", " + m.get("state") + ")");
      }
      Object timeToSend = pool.get("time_to_send_seconds");
      table.row(text(pool.get("name")), text(pool.get("strategy")), text(pool.get("fallback")),
          text(pool.get("queued")), text(pool.get("waiting")),
          // Empty means no member can take mail now: there is no estimate, not an instant one.
          timeToSend == null ? "no member can send" : Units.compact(((Number) timeToSend).longValue()),
          String.join(", ", members));
    }
    return table.render();
  }
}
