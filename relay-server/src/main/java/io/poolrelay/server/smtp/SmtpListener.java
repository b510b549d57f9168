package io.poolrelay.server.smtp;

import io.poolrelay.config.model.ListenerAuthConfig;
import io.poolrelay.config.model.ListenerConfig;
import io.poolrelay.server.message.DataReader;
import io.poolrelay.server.message.HintHeaders;
import io.poolrelay.server.message.TraceHeader;
import io.poolrelay.server.metrics.ListenerMeters;
import io.poolrelay.server.spool.FileSpool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.server.SMTPServer;

/**
 * One configured listener: a SubEthaSMTP server with the relay's commands and handler.
 *
 * <p>It stops in two steps. {@link #drain} keeps the socket open but answers every new connection,
 * and every MAIL of a session already open, with {@code 421 4.3.2} (see {@link ListenerSessions});
 * transactions under way finish, DATA included. {@link #close} then sends the 421 to the sessions
 * still open and closes them and the socket. {@code close} without {@code drain} is the abrupt stop.
 */
public final class SmtpListener implements AutoCloseable {

  private final ListenerConfig config;
  private final SMTPServer server;
  private final ListenerSessions open;

  public SmtpListener(ListenerConfig config, FileSpool spool, Supplier<HintHeaders> hintHeaders, AcceptedMessages accepted,
      InstantSource clock, ExecutorService sessions, ListenerMeters meters) throws IOException {
    this.config = config;
    DataReader reader = new DataReader(config.maxMessageSize(), config.bareLineEndings());
    TraceHeader traceHeader = new TraceHeader(config.hostname(), clock);
    RelayPermission permission = new RelayPermission(config);
    this.open = new ListenerSessions(config.hostname());
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
        .sessionHandler(new ClientGate(config, permission, open, meters))
        .messageHandlerFactory(context -> new RelayMessageHandler(config,
            ((InetSocketAddress) context.getRemoteAddress()).getAddress().getHostAddress(), authUser(context),
            spool, reader, hintHeaders.get(), traceHeader, accepted, clock, meters))
        .serverThreadName("relay-smtp-accept-" + config.name());
    if (config.tls().isPresent()) {
      // Read here, at start, so a bad PEM stops the relay with a message naming the file.
      builder.enableTLS(true).startTlsSocketFactory(ListenerTls.load(config.name(), config.tls().get()));
    }
    config.auth().ifPresent(auth ->
        builder.authenticationHandlerFactory(new EasyAuthenticationHandlerFactory(new BcryptPasswords(auth.users()))));
    this.server = builder.build();
    server.getCommandHandler().addCommand(new EhloCommand(config, open));
    server.getCommandHandler().addCommand(new StartTlsCommand(config.name(), config.tls().isPresent(), open));
    server.getCommandHandler().addCommand(new AuthCommand(config.name(),
        config.auth().map(ListenerAuthConfig::requireTls).orElse(true), new AuthFailures(), meters));
    server.getCommandHandler().addCommand(new MailCommand(config.name(), config.maxMessageSize(), permission, open, meters));
    server.getCommandHandler().addCommand(new RcptCommand(config.maxRecipients(), meters));
    server.getCommandHandler().addCommand(new DataCommand(open));
    server.getCommandHandler().addCommand(new BdatCommand());
    server.getCommandHandler().addCommand(new ResetCommand(open));
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

  /** Whether the listener's socket is bound and accepting (after {@link #start}, before {@link #close}). */
  public boolean isBound() {
    return server.isRunning() && server.getPortAllocated() > 0;
  }

  /** Sessions open now. */
  public int openSessions() {
    return open.openCount();
  }

  /** Sessions inside a mail transaction now (MAIL accepted, DATA not yet answered). */
  public int transactionsUnderWay() {
    return open.transactionCount();
  }

  /**
   * Stops admitting: from now on new connections and new transactions get 421, while the socket stays
   * open so that clients hear why. Returns how many sessions were open.
   */
  public int drain() {
    return open.drain();
  }

  /** After {@link #drain}: waits until no transaction is under way; false when {@code timeout} passed first. */
  public boolean awaitTransactions(Duration timeout) throws InterruptedException {
    return open.awaitNoTransactions(timeout);
  }

  /** Refuses anything new, tells the sessions still open 421, and closes them and the socket. */
  @Override
  public void close() {
    open.drain();
    open.sayGoodbye();
    server.stop();
  }
}
