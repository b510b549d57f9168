package io.poolrelay.server.cli;

import io.poolrelay.config.model.FileUpstreamConfig;
import io.poolrelay.config.model.SesUpstreamConfig;
import io.poolrelay.config.model.SmtpUpstreamConfig;
import io.poolrelay.config.model.UpstreamConfig;
import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.MessageContent;
import io.poolrelay.upstreams.RecipientOutcome;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.Upstream;
import io.poolrelay.upstreams.file.FileUpstream;
import io.poolrelay.upstreams.limits.AccountObserver;
import io.poolrelay.upstreams.rewrite.RewritingUpstream;
import io.poolrelay.upstreams.ses.SesCheck;
import io.poolrelay.upstreams.ses.SesClients;
import io.poolrelay.upstreams.ses.SesUpstream;
import io.poolrelay.upstreams.smtp.SmtpUpstream;
import io.poolrelay.upstreams.time.SystemTime;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code poolrelay send-test NAME --to ADDR}: one short message through that upstream only, straight
 * from this process (no spool, no routing), and the upstream's reply. Needs no running relay.
 */
@Command(name = "send-test", description = "Send one test message through one upstream and show its reply.")
final class SendTestCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @Parameters(index = "0", paramLabel = "NAME", description = "The upstream, as named under upstreams:.")
  String name;

  @Option(names = "--to", required = true, description = "Recipient of the test message.")
  String to;

  @Option(names = "--from", description = "Envelope and header sender (default: postmaster@<this host>).")
  String from;

  @Override
  public Integer call() throws InterruptedException {
    Optional<UpstreamConfig> found = config.loadUpstream(name);
    if (found.isEmpty()) {
      return 1;
    }
    UpstreamConfig upstream = found.get();
    String sender = from != null ? from : "postmaster@" + ConfigOption.localHostname();
    String id = "test-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    byte[] message = ("From: <" + sender + ">\r\nTo: <" + to + ">\r\n"
        + "Subject: Pool Relay test through " + name + "\r\n"
        + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n"
        + "Message-ID: <" + id + "@" + ConfigOption.localHostname() + ">\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
        + "This is a test message sent by 'poolrelay send-test " + name + "'.\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    if (upstream instanceof SesUpstreamConfig ses) {
      return sendThroughSes(ses, sender, id, message);
    }
    // Sent as the relay would send it through this upstream: with its sender rewrite.
    try (Upstream client = RewritingUpstream.wrap(switch (upstream) {
      case SmtpUpstreamConfig smtp -> new SmtpUpstream(smtp, new SystemTime());
      case SesUpstreamConfig ses -> throw new IllegalStateException("handled above");
      case FileUpstreamConfig file -> new FileUpstream(file);
    }, upstream.rewrite())) {
      TransactionResult result = client.deliver(new Envelope(id, sender, List.of(to)), MessageContent.of(message));
      RecipientOutcome outcome = result.outcomes().get(0);
      boolean delivered = outcome.outcome() instanceof DeliveryOutcome.Delivered;
      config.out().println(name + ": " + (delivered ? "sent" : "not sent") + " to <" + to + ">: "
          + outcome.outcome().reply() + " (at " + outcome.outcome().reply().command() + ")");
      return delivered ? 0 : 1;
    }
  }

  /**
   * SES: the account check first, so a failure names its stage (CREDENTIALS, ENDPOINT, ACCOUNT), then the
   * send (SEND), with SES's message id when it took the message.
   */
  private int sendThroughSes(SesUpstreamConfig ses, String sender, String id, byte[] message)
      throws InterruptedException {
    try (SesUpstream client = new SesUpstream(ses, SesClients.create(ses))) {
      SesCheck.Result check = new SesCheck(client, AccountObserver.NONE).run();
      if (!check.ok()) {
        config.out().println(name + ": not sent to <" + to + ">: failed at " + check.failedStage().orElseThrow()
            + ": " + check.detail());
        return 1;
      }
      TransactionResult result = RewritingUpstream.wrap(client, ses.rewrite())
          .deliver(new Envelope(id, sender, List.of(to)), MessageContent.of(message));
      DeliveryOutcome outcome = result.outcomes().get(0).outcome();
      if (outcome instanceof DeliveryOutcome.Delivered delivered) {
        config.out().println(name + ": sent to <" + to + ">: " + delivered.reply() + " (upstream_id "
            + delivered.upstreamId() + ")");
        return 0;
      }
      config.out().println(name + ": not sent to <" + to + ">: failed at SEND: " + outcome.reply());
      return 1;
    } catch (RuntimeException e) {
      config.out().println(name + ": not sent to <" + to + ">: failed at CREDENTIALS: " + e.getMessage());
      return 1;
    }
  }
}
