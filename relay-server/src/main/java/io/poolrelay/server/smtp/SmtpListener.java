package io.poolrelay.server.smtp;

import io.poolrelay.config.model.ListenerAuthConfig;
import io.poolrelay.config.model.ListenerConfig;
import io.poolrelay.server.message.DataReader;
import io.poolrelay.server.message.HintHeaders;
import io.poolrelay.server.message.TraceHeader;
import io.poolrelay.server.spool.FileSpool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.server.SMTPServer;

/** One configured listener: a SubEthaSMTP server with the relay's commands and handler. */
public final class SmtpListener implements AutoCloseable {

  private final ListenerConfig config;
  private final SMTPServer server;

  public SmtpListener(ListenerConfig config, FileSpool spool, HintHeaders hintHeaders, AcceptedMessages accepted,
      InstantSource clock, ExecutorService sessions) throws IOException {
    this.config = config;
    DataReader reader = new DataReader(config.maxMessageSize(), config.bareLineEndings());
    TraceHeader traceHeader = new TraceHeader(config.hostname(), clock);
    RelayPermission permission = new RelayPermission(config);
    SMTPServer.Builder builder = SMTPServer.port(config.address().port())
        .bindAddress(InetAddress.getByName(config.address().host()))
        .hostName(config.hostname())
        .softwareName("Pool Relay")
        .maxConnections(config.maxConnections())
        .connectionTimeout((int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis()), TimeUnit.MILLISECONDS)
        .maxRecipients(config.maxRecipients())
        .maxMessageSize((int) Math.min(Integer.MAX_VALUE, config.maxMessageSize()))
        .insertReceivedHeaders(false)
        .executorService(sessions)
        .sessionHandler(new ClientGate(config, permission))
        .messageHandlerFactory(context -> new RelayMessageHandler(config,
            ((InetSocketAddress) context.getRemoteAddress()).getAddress().getHostAddress(), authUser(context),
            spool, reader, hintHeaders, traceHeader, accepted, clock))
        .serverThreadName("relay-smtp-accept-" + config.name());
    if (config.tls().isPresent()) {
      // Read here, at start, so a bad PEM stops the relay with a message naming the file.
      builder.enableTLS(true).startTlsSocketFactory(ListenerTls.load(config.name(), config.tls().get()));
    }
    config.auth().ifPresent(auth ->
        builder.authenticationHandlerFactory(new EasyAuthenticationHandlerFactory(new BcryptPasswords(auth.users()))));
    this.server = builder.build();
    server.getCommandHandler().addCommand(new EhloCommand(config));
    server.getCommandHandler().addCommand(new StartTlsCommand(config.name(), config.tls().isPresent()));
    server.getCommandHandler().addCommand(new AuthCommand(config.name(),
        config.auth().map(ListenerAuthConfig::requireTls).orElse(true), new AuthFailures()));
    server.getCommandHandler().addCommand(new MailCommand(config.name(), config.maxMessageSize(), permission));
    server.getCommandHandler().addCommand(new RcptCommand(config.maxRecipients()));
    server.getCommandHandler().addCommand(new DataCommand());
    server.getCommandHandler().addCommand(new BdatCommand());
    server.getCommandHandler().addCommand(new ResetCommand());
    server.getCommandHandler().addCommand(new QuitCommand());
    server.getCommandHandler().addCommand(new FixedReplyCommand("NOOP", "Does nothing.", Replies.NOOP_OK));
    server.getCommandHandler().addCommand(new FixedReplyCommand("VRFY", "Not supported.", Replies.VRFY_DISABLED));
    server.getCommandHandler().addCommand(new FixedReplyCommand("EXPN", "Not supported.", Replies.EXPN_DISABLED));
  }

  /** The user the session authenticated as (the library's handlers use the name as identity), or "". */
  private static String authUser(MessageContext context) {
    return context.getAuthenticationHandler().map(h -> String.valueOf(h.getIdentity())).orElse("");
  }

  public void start() {
    server.start();
  }

  public String name() {
    return config.name();
  }

  /** The bound port: differs from the configured one when that was 0. */
  public int port() {
    return server.getPortAllocated();
  }

  @Override
  public void close() {
    server.stop();
  }
}
