package io.poolrelay.upstreams.smtp;

import io.poolrelay.upstreams.time.Ticker;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open SMTP session: buffered streams over a socket, reply reading with the right timeout, and
 * what the server announced. Used by one thread at a time (the pool hands it out exclusively).
 *
 * <p>Commands are buffered until {@link #flush()}, so a pipelined batch leaves in one write.
 */
final class SmtpConnection implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SmtpConnection.class);
  private static final int BUFFER_BYTES = 16 * 1024;

  private final String upstream;
  private final String peer;
  private final Duration commandTimeout;
  private final Duration dataTimeout;
  private Socket socket;
  private final Ticker ticker;
  private DeadlineInputStream deadline;
  private InputStream in;
  private OutputStream out;
  private Extensions extensions = Extensions.none();
  private int transactions;
  private long idleSinceNanos;
  private boolean closed;

  SmtpConnection(
      String upstream, String peer, Socket socket, Duration commandTimeout, Duration dataTimeout, Ticker ticker)
      throws IOException {
    this.upstream = upstream;
    this.ticker = ticker;
    this.peer = peer;
    this.commandTimeout = commandTimeout;
    this.dataTimeout = dataTimeout;
    useSocket(socket);
  }

  /** Host and port, for messages. */
  String peer() {
    return peer;
  }

  Extensions extensions() {
    return extensions;
  }

  void extensions(Extensions announced) {
    this.extensions = announced;
  }

  Duration commandTimeout() {
    return commandTimeout;
  }

  Duration dataTimeout() {
    return dataTimeout;
  }

  /** Buffers one command line; {@code line} must not contain CR or LF. */
  void send(String line) throws IOException {
    out.write(line.getBytes(StandardCharsets.UTF_8));
    out.write('\r');
    out.write('\n');
  }

  void flush() throws IOException {
    out.flush();
  }

  /** The buffered stream for DATA content; the caller stuffs dots and flushes. */
  OutputStream dataStream() {
    return out;
  }

  /** Reads one reply, waiting at most {@code command_timeout}. */
  ParsedReply read() throws IOException {
    return read(commandTimeout);
  }

  /** Reads the reply to the final dot, waiting at most {@code data_timeout}. */
  ParsedReply readAfterData() throws IOException {
    return read(dataTimeout);
  }

  /** For the TLS handshake, whose reads don't go through the reply deadline. */
  void handshakeTimeout(Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
  }

  private ParsedReply read(Duration timeout) throws IOException {
    deadline.startDeadline(timeout);
    return ReplyParser.read(in);
  }

  /**
   * True when bytes arrived that no command asked for yet. After the STARTTLS reply that would be
   * plain-text data an attacker injected to be read as if it came over TLS (CVE-2011-0411).
   */
  boolean hasUnreadInput() throws IOException {
    return in.available() > 0;
  }

  Socket socket() {
    return socket;
  }

  /** Continues the session over {@code upgraded} (after STARTTLS); nothing buffered from before is kept. */
  void useSocket(Socket upgraded) throws IOException {
    this.socket = upgraded;
    this.deadline = new DeadlineInputStream(upgraded, upgraded.getInputStream(), ticker);
    this.in = new BufferedInputStream(deadline, BUFFER_BYTES);
    this.out = new BufferedOutputStream(upgraded.getOutputStream(), BUFFER_BYTES);
  }

  int transactions() {
    return transactions;
  }

  void countTransaction() {
    transactions++;
  }

  long idleSinceNanos() {
    return idleSinceNanos;
  }

  void idleSince(long nanos) {
    this.idleSinceNanos = nanos;
  }

  /** Says goodbye if the peer still listens, then closes; never throws, the session is over either way. */
  void quit() {
    if (closed) {
      return;
    }
    try {
      send("QUIT");
      flush();
      read();
    } catch (IOException e) {
      // The peer may have gone already; QUIT is a courtesy.
    }
    close();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing left to release.
    }
    log.debug("upstream {}: closed connection to {} after {} transactions", upstream, peer, transactions);
  }

  boolean isClosed() {
    return closed;
  }
}
