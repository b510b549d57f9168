package io.poolrelay.server.cli;

import io.poolrelay.server.admin.AdminServer;
import io.poolrelay.server.admin.FakeAdminApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import picocli.CommandLine;

/** An {@link AdminServer} on a loopback port 0 over a {@link FakeAdminApi}, and a way to run the CLI against it. */
final class RunningAdmin implements AutoCloseable {

  /** What one CLI run printed and returned. */
  record Run(int exit, String out, String err) {
  }

  final FakeAdminApi api = new FakeAdminApi();
  final String url;
  private final AdminServer server;

  RunningAdmin(Optional<String> token) throws IOException {
    server = new AdminServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), token,
        Thread.ofPlatform().name("relay-admin-", 0).factory(), api);
    url = "http://127.0.0.1:" + server.start().getPort();
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Override
  public void close() {
    server.close();
  }
}
