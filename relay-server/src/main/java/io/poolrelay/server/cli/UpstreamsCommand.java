package io.poolrelay.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code poolrelay upstreams}: the state of every upstream of the running relay, as a table or JSON. */
@Command(name = "upstreams", description = "Show every upstream of the running relay: state, limits, warmup, rates.")
final class UpstreamsCommand implements Callable<Integer> {

  @Mixin
  AdminOption admin;

  @Option(names = "--json", description = "Print the admin API's JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    AdminOption.Result result = admin.call("GET", json ? "/api/upstreams" : "/api/upstreams?format=table");
    if (result instanceof AdminOption.Answer answer) {
      if (json) {
        admin.out().println(answer.body());
      } else {
        admin.out().print(answer.body());
      }
      admin.out().flush();
      return AdminOption.OK;
    }
    return ((AdminOption.Failed) result).exitCode();
  }
}
