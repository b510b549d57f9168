package io.poolrelay.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RouteCommandTest {

  @TempDir
  Path dir;

  private String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    int exit = cli.execute(args);
    return exit + "\n" + out;
  }

  private Path config() throws Exception {
    return Files.writeString(dir.resolve("relay.yaml"), """
        upstreams:
          primary: { type: smtp, host: 127.0.0.1, port: 2600, tls: none }
          backup:  { type: smtp, host: 127.0.0.1, port: 2601, tls: none, enabled: false }
          second:  { type: smtp, host: 127.0.0.1, port: 2602, tls: none }
          outbox:  { type: file, directory: %s }
        pools:
          marketing: { strategy: weighted, members: [ {upstream: second, weight: 1}, {upstream: primary, weight: 10}, {upstream: backup, weight: 5} ], fallback: all }
          all: { members: [ {upstream: outbox} ] }
        routing:
          routes: [ { match: { header: X-Campaign-Type, value: newsletter }, pool: marketing } ]
          default_pool: all
        """.formatted(dir.resolve("outbox")));
  }

  @Test
  void explainsTheMatchedRouteTheMemberOrderTheSkippedMemberAndTheFallback() throws Exception {
    String output = run("route", "--config", config().toString(), "--from", "a@example.com", "--to", "b@example.net",
        "--header", "X-Campaign-Type: newsletter");
    assertEquals("""
        0
          routes[0] matched: pool marketing
        pool: marketing (routes[0])
        pool marketing (strategy weighted), members in the order they would be tried for the next message:
          1. primary (type smtp, weight 10)
          2. second (type smtp, weight 1)
          skipped backup: disabled (enabled: false)
        if no member of that pool can take it: fallback pool all
        pool all (strategy weighted), members in the order they would be tried for the next message:
          1. outbox (type file, weight 1)
        """, output);
  }

  @Test
  void explainsWhyNoRouteMatched() throws Exception {
    String output = run("route", "--config", config().toString(), "--to", "b@example.net",
        "--header", "X-Campaign-Type: receipt", "--header", "X-Mailer: app");
    assertEquals("""
        0
        note: X-Mailer is not in routing.hint_headers, so routing ignores it
          routes[0] skipped: x-campaign-type is 'receipt', wanted 'newsletter'
          no route matched: default_pool all
        pool: all (default_pool)
        pool all (strategy weighted), members in the order they would be tried for the next message:
          1. outbox (type file, weight 1)
        """, output);
  }

  @Test
  void checkConfigListsEveryProblemWithItsLineAndFails() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.yaml"), """
        upstreams:
          outbox: { type: file, directory: /tmp/x }
        pools:
          all: { members: [ {upstream: nosuch} ] }
        routing:
          default_pool: missing
        """);
    String output = run("check-config", "--config", broken.toString());
    assertEquals('1', output.charAt(0));
    assertEquals(true, output.contains("pools.all.members[0].upstream: unknown upstream 'nosuch' (line 4)"), output);
    assertEquals(true, output.contains("routing.default_pool: "), output);
  }
}
