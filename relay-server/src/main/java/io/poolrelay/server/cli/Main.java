package io.poolrelay.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/poolrelay}. */
@Command(
    name = "poolrelay",
    mixinStandardHelpOptions = true,
    version = "Pool Relay 0.1.0",
    description = "SMTP relay that delivers through weighted pools of upstream sending servers.",
    subcommands = {ServeCommand.class, CheckConfigCommand.class, RouteCommand.class, UpstreamsCommand.class,
        PoolsCommand.class, QueueCommand.class, PauseCommand.class, ResumeCommand.class, ComplaintCommand.class,
        ReloadCommand.class, TestUpstreamCommand.class, SendTestCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
