package io.poolrelay.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

  @TempDir
  Path dir;

  @Test
  void refusesToStartOnTheErrorsCheckConfigReports() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.yaml"), """
        upstreams:
          outbox: { type: file, directory: /tmp/x, colour: blue }
        pools:
          all: { members: [ {upstream: outbox} ] }
        routing: { default_pool: all }
        """);
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setErr(new PrintWriter(err, true));
    assertEquals(1, cli.execute("serve", "--config", broken.toString()));
    assertTrue(err.toString().contains("upstreams.outbox.colour: unknown key"), err.toString());
    assertTrue(err.toString().contains("poolrelay: not starting"), err.toString());
  }
}
