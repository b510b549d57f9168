package io.poolrelay.upstreams.smtp;

import io.poolrelay.config.model.SmtpUpstreamConfig;
import io.poolrelay.config.model.TlsMode;
import io.poolrelay.upstreams.time.Ticker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a session that is ready for MAIL: TCP connect, implicit TLS or STARTTLS, greeting, EHLO (or
 * HELO), AUTH. Any failure closes the socket and becomes a {@link StageFailure} naming the step.
 */
final class SmtpConnector {

  private static final Logger log = LoggerFactory.getLogger(SmtpConnector.class);

  private final SmtpUpstreamConfig config;
  private final TlsConnector tls;
  private final Authenticator authenticator;
  private final String peer;

  private final Ticker ticker;

  SmtpConnector(SmtpUpstreamConfig config, Ticker ticker) {
    this.config = config;
    this.ticker = ticker;
    this.tls = TlsConnector.forConfig(config);
    this.authenticator = config.username().isPresent()
        ? new Authenticator(config.username().get(), config.password().orElseThrow(
            () -> new IllegalArgumentException("upstream " + config.name() + ": username without password")).value())
        : null;
    this.peer = config.host().indexOf(':') >= 0
        ? "[" + config.host() + "]:" + config.port()
        : config.host() + ":" + config.port();
  }

  String peer() {
    return peer;
  }

  SmtpConnection open() throws StageFailure {
    Socket socket = connect(resolve());
    SmtpConnection connection;
    try {
      connection = new SmtpConnection(
          config.name(), peer, socket, config.commandTimeout(), config.dataTimeout(), ticker);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new StageFailure(Stage.CONNECT, Replies.cannotConnect(peer, e), e);
    }
    try {
      if (config.tls() == TlsMode.IMPLICIT) {
        handshake(connection, config.connectTimeout());
      }
      greet(connection);
      hello(connection);
      if (config.tls() == TlsMode.STARTTLS) {
        startTls(connection);
        hello(connection);
      }
      if (authenticator != null) {
        authenticator.authenticate(connection);
      }
    } catch (StageFailure failure) {
      connection.close();
      throw failure;
    }
    log.debug("upstream {}: opened connection to {} (tls {}, {})",
        config.name(), peer, config.tls(), connection.extensions().pipelining() ? "pipelining" : "no pipelining");
    return connection;
  }

  private InetAddress resolve() throws StageFailure {
    try {
      return InetAddress.getByName(config.host());
    } catch (UnknownHostException e) {
      throw new StageFailure(Stage.DNS, Replies.cannotResolve(config.host(), Replies.reason(e)), e);
    }
  }

  private Socket connect(InetAddress address) throws StageFailure {
    Socket socket = new Socket();
    try {
      // Pipelined batches are flushed whole by us; Nagle would only delay the last segment.
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(address, config.port()), millis(config.connectTimeout()));
      return socket;
    } catch (ConnectException e) {
      closeQuietly(socket);
      throw new StageFailure(Stage.CONNECT, Replies.connectionRefused(peer), e);
    } catch (SocketTimeoutException e) {
      closeQuietly(socket);
      throw new StageFailure(Stage.CONNECT, Replies.connectTimedOut(peer, config.connectTimeout()), e);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new StageFailure(Stage.CONNECT, Replies.cannotConnect(peer, e), e);
    }
  }

  private void handshake(SmtpConnection connection, Duration timeout) throws StageFailure {
    try {
      connection.handshakeTimeout(timeout);
      SSLSocket secured = tls.handshake(connection.socket(), config.host(), config.port());
      connection.useSocket(secured);
    } catch (SocketTimeoutException e) {
      throw new StageFailure(Stage.TLS, Replies.tlsFailed("no handshake within " + Replies.format(timeout)), e);
    } catch (IOException e) {
      throw new StageFailure(Stage.TLS, Replies.tlsFailed(Replies.reason(e)), e);
    }
  }

  private void greet(SmtpConnection connection) throws StageFailure {
    ParsedReply greeting = exchange(connection, null, Stage.GREETING);
    if (greeting.code() != 220) {
      throw new StageFailure(Stage.GREETING, greeting.toSmtpReply(Stage.GREETING));
    }
  }

  private void hello(SmtpConnection connection) throws StageFailure {
    ParsedReply ehlo = exchange(connection, "EHLO " + config.heloName(), Stage.EHLO);
    if (ehlo.code() == 250) {
      connection.extensions(Extensions.fromEhlo(ehlo));
      return;
    }
    if (!ehlo.isPermanent()) {
      throw new StageFailure(Stage.EHLO, ehlo.toSmtpReply(Stage.EHLO));
    }
    // RFC 5321 section 3.2: a server that doesn't know EHLO says 5xx; HELO then works without extensions.
    ParsedReply helo = exchange(connection, "HELO " + config.heloName(), Stage.EHLO);
    if (helo.code() != 250) {
      throw new StageFailure(Stage.EHLO, helo.toSmtpReply(Stage.EHLO));
    }
    connection.extensions(Extensions.none());
  }

  private void startTls(SmtpConnection connection) throws StageFailure {
    if (!connection.extensions().startTls()) {
      throw new StageFailure(Stage.TLS, Replies.startTlsNotOffered(peer));
    }
    ParsedReply reply = exchange(connection, "STARTTLS", Stage.STARTTLS);
    if (reply.code() != 220) {
      throw new StageFailure(Stage.STARTTLS, reply.toSmtpReply(Stage.STARTTLS));
    }
    try {
      if (connection.hasUnreadInput()) {
        throw new StageFailure(Stage.TLS, Replies.tlsFailed(peer + " sent plain-text data after its STARTTLS reply"));
      }
    } catch (IOException e) {
      throw new StageFailure(Stage.TLS, Replies.tlsFailed(Replies.reason(e)), e);
    }
    handshake(connection, config.commandTimeout());
    connection.extensions(Extensions.none());
  }

  /** Sends {@code command} (none for the greeting) and reads its reply; I/O failures become stage failures. */
  static ParsedReply exchange(SmtpConnection connection, String command, Stage stage) throws StageFailure {
    try {
      if (command != null) {
        connection.send(command);
        connection.flush();
      }
      return connection.read();
    } catch (IOException e) {
      throw new StageFailure(stage, Replies.lost(stage, connection.peer(), e, connection.commandTimeout()), e);
    }
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Never connected; nothing to release.
    }
  }
}
