package io.poolrelay.server.cli;

import io.poolrelay.server.admin.JsonReader;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code poolrelay pause NAME [--for 2h]}: stop sending through one upstream of the running relay. */
@Command(name = "pause", description = "Stop sending through an upstream, for a while or until resumed.")
final class PauseCommand implements Callable<Integer> {

  @Mixin
  AdminOption admin;

  @Parameters(paramLabel = "NAME", description = "The upstream, as named in the configuration.")
  String name;

  @Option(names = "--for", paramLabel = "DURATION",
      description = "How long: a whole number and s, m, h or d (30s, 15m, 2h, 1d). Default: until resumed.")
  String duration;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown by 'poolrelay upstreams'.")
  String reason;

  @Override
  public Integer call() {
    StringBuilder query = new StringBuilder();
    if (duration != null) {
      query.append("for=").append(AdminOption.encode(duration));
    }
    if (reason != null) {
      query.append(query.isEmpty() ? "" : "&").append("reason=").append(AdminOption.encode(reason));
    }
    AdminOption.Result result = admin.call("POST", "/api/upstreams/" + AdminOption.encode(name) + "/pause"
        + (query.isEmpty() ? "" : "?" + query));
    if (result instanceof AdminOption.Answer answer) {
      Map<?, ?> view = (Map<?, ?>) JsonReader.parse(answer.body());
      Object until = view.get("until");
      admin.out().printf("%s: %s %s (reason: %s)%n", view.get("name"), view.get("state"),
          until == null ? "until resumed" : "until " + until, view.get("reason"));
      admin.out().flush();
      return AdminOption.OK;
    }
    return ((AdminOption.Failed) result).exitCode();
  }
}
