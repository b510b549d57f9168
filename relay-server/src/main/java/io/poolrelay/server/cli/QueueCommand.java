package io.poolrelay.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code poolrelay queue ...}: look at and act on the running relay's queue; the work is in the subcommands. */
@Command(name = "queue", description = "Look at and act on the running relay's queue.",
    subcommands = {QueueListCommand.class, QueueShowCommand.class, QueueRetryCommand.class, QueueDeleteCommand.class,
        QueueFlushCommand.class})
final class QueueCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing subcommand: use list, show, retry, delete or flush");
  }
}
