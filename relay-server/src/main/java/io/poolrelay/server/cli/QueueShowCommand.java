package io.poolrelay.server.cli;

import static io.poolrelay.server.cli.QueueListCommand.number;
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
import picocli.CommandLine.Parameters;


/** {@code poolrelay queue show ID}: one queued message's envelope and queue state (never its body). */
@Command(name = "show", description = "Show one queued message: envelope, state, attempts, last reply (not its body).")
final class QueueShowCommand implements Callable<Integer> {

  @Mixin
  AdminOption admin;

  @Parameters(paramLabel = "ID", description = "The queue id, as 'poolrelay queue list' shows it.")
  String id;

  @Option(names = "--json", description = "Print the admin API's JSON instead of text.")
  boolean json;

  @Override
  public Integer call() {
    AdminOption.Result result = admin.call("GET", "/api/queue/" + AdminOption.encode(id));
    if (result instanceof AdminOption.Answer answer) {
      admin.out().print(json ? answer.body() + "\n" : render((Map<?, ?>) JsonReader.parse(answer.body())));
      admin.out().flush();
      return AdminOption.OK;
    }
    return ((AdminOption.Failed) result).exitCode();
  }

  private static String render(Map<?, ?> m) {
    TextTable lines = new TextTable("queue id:", text(m.get("queue_id")));
    String state = text(m.get("state")) + ", " + number(m.get("attempts")) + " attempt(s)";
    if (m.get("next_attempt") != null) {
      state += ", next " + m.get("next_attempt");
    }
    lines.row("state:", state)
        .row("pool:", m.get("pool") == null ? "not yet routed" : text(m.get("pool")))
        .row("arrival:", m.get("arrival") + " (" + Units.compact(number(m.get("age_seconds"))) + " ago)")
        .row("size:", number(m.get("size")) + " bytes")
        .row("sender:", text(m.get("sender")).isEmpty() ? "<>" : text(m.get("sender")));
    List<?> settled = (List<?>) m.get("settled_recipients");
    List<String> recipients = new ArrayList<>();
    for (Object recipient : (List<?>) m.get("recipients")) {
      recipients.add(recipient + (settled.contains(recipient) ? " (settled)" : ""));
    }
    lines.row("recipients:", String.join(", ", recipients))
        .row("listener:", text(m.get("listener")) + " (client " + text(m.get("client_address")) + ")")
        .row("auth user:", text(m.get("auth_user")));
    List<String> hints = new ArrayList<>();
    ((Map<?, ?>) m.get("hints")).forEach((name, value) -> hints.add(name + ": " + value));
    lines.row("hints:", String.join(", ", hints))
        .row("origin:", text(m.get("origin")))
        .row("last reply:", text(m.get("last_reply")));
    return lines.render();
  }
}
