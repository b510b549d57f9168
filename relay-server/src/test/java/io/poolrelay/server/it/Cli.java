package io.poolrelay.server.it;

import io.poolrelay.server.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a {@code poolrelay} command in this process, as the operator would type it. */
final class Cli {

  private Cli() {
  }

  /** The exit status, a newline, then everything the command printed (standard output and error). */
  static String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    return cli.execute(args) + "\n" + out;
  }
}
