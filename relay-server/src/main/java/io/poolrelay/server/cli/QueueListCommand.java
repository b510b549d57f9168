package io.poolrelay.server.cli;

import io.poolrelay.server.admin.JsonReader;
import io.poolrelay.server.text.TextTable;
import io.poolrelay.server.text.Units;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code poolrelay queue list}: the queue's summary, then its messages oldest first, as a table or JSON. */
@Command(name = "list", description = "Show the queue: a summary line, then one line per message, oldest first.")
final class QueueListCommand implements Callable<Integer> {

  /** Longer replies are cut in the table; {@code queue show} or {@code --json} has them whole. */
  static final int REPLY_WIDTH = 60;

  @Mixin
  AdminOption admin;

  @Option(names = "--state", paramLabel = "STATE", description = "Only incoming, active, deferred or waiting messages.")
  String state;

  @Option(names = "--pool", paramLabel = "POOL", description = "Only messages routed to this pool.")
  String pool;

  @Option(names = "--limit", paramLabel = "N", description = "At most N messages (default 100, at most 10000).")
  Integer limit;

  @Option(names = "--json", description = "Print the admin API's JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    StringBuilder query = new StringBuilder();
    append(query, "state", state);
    append(query, "pool", pool);
    append(query, "limit", limit == null ? null : limit.toString());
    AdminOption.Result result = admin.call("GET", "/api/queue" + query);
    if (result instanceof AdminOption.Answer answer) {
      admin.out().print(json ? answer.body() + "\n" : render((Map<?, ?>) JsonReader.parse(answer.body())));
      admin.out().flush();
      return AdminOption.OK;
    }
    return ((AdminOption.Failed) result).exitCode();
  }

  private static void append(StringBuilder query, String name, String value) {
    if (value != null) {
      query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(AdminOption.encode(value));
    }
  }

  private String render(Map<?, ?> answer) {
    StringBuilder out = new StringBuilder(summary((Map<?, ?>) answer.get("summary"))).append('\n');
    List<?> messages = (List<?>) answer.get("messages");
    if (messages.isEmpty()) {
      return out.append("no messages match\n").toString();
    }
    TextTable table = new TextTable("QUEUE-ID", "STATE", "POOL", "ATTEMPTS", "AGE", "NEXT-ATTEMPT", "LAST-REPLY");
    for (Object item : messages) {
      Map<?, ?> m = (Map<?, ?>) item;
      table.row(text(m.get("queue_id")), text(m.get("state")), text(m.get("pool")), text(m.get("attempts")),
          Units.compact(number(m.get("age_seconds"))), text(m.get("next_attempt")),
          TextTable.truncate(text(m.get("last_reply")), REPLY_WIDTH));
    }
    out.append(table.render());
    int shown = limit == null ? 100 : limit;
    if (messages.size() == shown) {
      out.append("(the first ").append(shown).append(" shown; --limit shows more)\n");
    }
    return out.toString();
  }

  /** One line: {@code 52 queued (2 incoming, ...; pools: all 12, bulk 40), 1.2 MiB, oldest 1h35m}. */
  static String summary(Map<?, ?> s) {
    StringBuilder line = new StringBuilder().append(number(s.get("total"))).append(" queued (");
    Map<?, ?> byState = (Map<?, ?>) s.get("by_state");
    line.append(String.join(", ", List.of("incoming", "active", "deferred", "waiting").stream()
        .map(state -> number(byState.get(state)) + " " + state).toList()));
    Map<?, ?> byPool = (Map<?, ?>) s.get("by_pool");
    if (!byPool.isEmpty()) {
      line.append("; pools: ").append(String.join(", ", byPool.entrySet().stream()
          .map(e -> e.getKey() + " " + number(e.getValue())).toList()));
    }
    line.append("), ").append(Units.bytes(number(s.get("bytes"))));
    Object oldest = s.get("oldest_age_seconds");
    if (oldest != null) {
      line.append(", oldest ").append(Units.compact(number(oldest)));
    }
    return line.toString();
  }

  static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }
}
