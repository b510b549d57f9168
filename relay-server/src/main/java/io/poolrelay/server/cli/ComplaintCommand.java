package io.poolrelay.server.cli;

import io.poolrelay.server.admin.JsonReader;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code poolrelay complaint NAME [--count N]}: report feedback-loop complaints about mail an upstream
 * delivered, so its reputation guard can pause it. Meant to be called by whatever reads the FBL mailbox.
 */
@Command(name = "complaint", description = "Report complaints (feedback-loop reports) against an upstream.")
final class ComplaintCommand implements Callable<Integer> {

  @Mixin
  AdminOption admin;

  @Parameters(paramLabel = "NAME", description = "The upstream that delivered the mail complained about.")
  String name;

  @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "How many (default: 1).")
  int count;

  @Override
  public Integer call() {
    AdminOption.Result result = admin.call("POST",
        "/api/upstreams/" + AdminOption.encode(name) + "/complaints?count=" + count);
    if (result instanceof AdminOption.Answer answer) {
      Map<?, ?> view = (Map<?, ?>) JsonReader.parse(answer.body());
      String reason = String.valueOf(view.get("reason"));
      admin.out().printf("%s: %d complaint(s) counted; complaint rate %s, now %s%s%n", view.get("name"), count,
          view.get("complaint_rate"), view.get("state"), reason.isEmpty() ? "" : " (" + reason + ")");
      admin.out().flush();
      return AdminOption.OK;
    }
    return ((AdminOption.Failed) result).exitCode();
  }
}
