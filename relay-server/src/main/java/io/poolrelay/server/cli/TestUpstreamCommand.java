package io.poolrelay.server.cli;

import io.poolrelay.config.model.FileUpstreamConfig;
import io.poolrelay.config.model.SesUpstreamConfig;
import io.poolrelay.config.model.SmtpUpstreamConfig;
import io.poolrelay.config.model.UpstreamConfig;
import io.poolrelay.upstreams.limits.AccountObserver;
import io.poolrelay.upstreams.ses.SesCheck;
import io.poolrelay.upstreams.ses.SesClients;
import io.poolrelay.upstreams.ses.SesUpstream;
import io.poolrelay.upstreams.smtp.ConnectionCheckResult;
import io.poolrelay.upstreams.smtp.SmtpUpstream;
import io.poolrelay.upstreams.time.SystemTime;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code poolrelay test-upstream NAME}: the connection test, from this machine, with the upstream's
 * configured TLS and credentials: "Connection successful", or the stage that failed (DNS, CONNECT,
 * TLS, EHLO, AUTH) with the server's reply. For SES, a signed {@code GetAccount}: the stage is
 * CREDENTIALS, ENDPOINT or ACCOUNT, and success shows the account's quota. Needs no running relay.
 */
@Command(name = "test-upstream", description = "Test the connection to one upstream (connect, TLS, EHLO, AUTH).")
final class TestUpstreamCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @Parameters(index = "0", paramLabel = "NAME", description = "The upstream, as named under upstreams:.")
  String name;

  @Override
  public Integer call() {
    Optional<UpstreamConfig> found = config.loadUpstream(name);
    if (found.isEmpty()) {
      return 1;
    }
    UpstreamConfig upstream = found.get();
    return switch (upstream) {
      case SmtpUpstreamConfig smtp -> check(smtp);
      case SesUpstreamConfig ses -> check(ses);
      case FileUpstreamConfig file -> check(file);
    };
  }

  private int check(SmtpUpstreamConfig smtp) {
    try (SmtpUpstream client = new SmtpUpstream(smtp, new SystemTime())) {
      ConnectionCheckResult result = client.checkConnection();
      return report(result.ok(), result.failedStage().map(Enum::name), result.detail());
    }
  }

  private int report(boolean ok, Optional<String> failedStage, String detail) {
    if (ok) {
      config.out().println(name + ": Connection successful (" + detail + ")");
      return 0;
    }
    config.out().println(name + ": Connection failed at " + failedStage.orElseThrow() + ": " + detail);
    return 1;
  }

  /** A signed GetAccount: proves the credentials and the endpoint and shows the account's quota. */
  private int check(SesUpstreamConfig ses) {
    SesCheck.Result result;
    try (SesUpstream client = new SesUpstream(ses, SesClients.create(ses))) {
      result = new SesCheck(client, AccountObserver.NONE).run();
    } catch (RuntimeException e) {
      // Building the client can fail before any call (a region or credential source the SDK refuses).
      config.out().println(name + ": Connection failed at CREDENTIALS: " + e.getMessage());
      return 1;
    }
    return report(result.ok(), result.failedStage().map(Enum::name), result.detail());
  }

  private int check(FileUpstreamConfig file) {
    try {
      Files.createDirectories(file.directory());
      if (Files.isWritable(file.directory())) {
        config.out().println(name + ": Connection successful (writes to " + file.directory() + ")");
        return 0;
      }
      config.out().println(name + ": Connection failed: " + file.directory() + " is not writable");
    } catch (java.io.IOException e) {
      config.out().println(name + ": Connection failed: cannot create " + file.directory() + ": " + e.getMessage());
    }
    return 1;
  }
}
