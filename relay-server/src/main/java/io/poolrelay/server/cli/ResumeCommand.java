package io.poolrelay.server.cli;

import io.poolrelay.server.admin.JsonReader;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code poolrelay resume NAME}: lift a pause on one upstream of the running relay. */
@Command(name = "resume", description = "Lift a pause: send through the upstream again.")
final class ResumeCommand implements Callable<Integer> {

  @Mixin
  AdminOption admin;

  @Parameters(paramLabel = "NAME", description = "The upstream, as named in the configuration.")
  String name;

  @Override
  public Integer call() {
    AdminOption.Result result = admin.call("POST", "/api/upstreams/" + AdminOption.encode(name) + "/resume");
    if (result instanceof AdminOption.Answer answer) {
      Map<?, ?> view = (Map<?, ?>) JsonReader.parse(answer.body());
      String reason = String.valueOf(view.get("reason"));
      admin.out().printf("%s: resumed, now %s%s%n", view.get("name"), view.get("state"),
          reason.isEmpty() ? "" : " (" + reason + ")");
      admin.out().flush();
      return AdminOption.OK;
    }
    return ((AdminOption.Failed) result).exitCode();
  }
}
