package io.poolrelay.server.cli;

import io.poolrelay.server.admin.JsonReader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code poolrelay reload}: the running relay re-reads its configuration file (as on SIGHUP). Prints what
 * changed, or every problem when the file is invalid (then the relay keeps its configuration).
 */
@Command(name = "reload", description = "Make the running relay re-read its configuration file.")
final class ReloadCommand implements Callable<Integer> {

  @Mixin
  AdminOption admin;

  @Override
  public Integer call() {
    AdminOption.Result result = admin.call("POST", "/api/reload");
    if (result instanceof AdminOption.Answer answer) {
      Map<?, ?> body = (Map<?, ?>) JsonReader.parse(answer.body());
      List<?> changes = (List<?>) body.get("changes");
      admin.out().println(changes.isEmpty() ? "reloaded: nothing changed" : "reloaded:");
      changes.forEach(change -> admin.out().println("  " + change));
      for (Object section : (List<?>) body.get("needs_restart")) {
        admin.out().println("  " + section + " changed: applies after a restart");
      }
      admin.out().flush();
      return AdminOption.OK;
    }
    return ((AdminOption.Failed) result).exitCode();
  }
}
