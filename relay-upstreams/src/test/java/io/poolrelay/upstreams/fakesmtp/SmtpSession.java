package io.poolrelay.upstreams.fakesmtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocket;

/** One connection to the fake: reads command lines one by one and answers each in order, as scripted. */
final class SmtpSession implements Runnable {

  static final String HOSTNAME = "fake.test";

  /** Far above RFC 5321's limits, so clients are not refused for them; only a guard against runaway input. */
  private static final int MAX_LINE = 1 << 20;

  /** RFC 2920 section 3.1: commands that may only come last in a pipelined group. */
  private static final Set<String> LAST_IN_GROUP = Set.of("EHLO", "HELO", "STARTTLS", "AUTH", "DATA", "NOOP", "QUIT");

  private final FakeSmtpServer server;
  private final int index;
  private final Socket rawSocket;
  private final ScriptRun run;
  private final Script script;
  private final boolean implicitTls;
  private final Pacer readPacer;
  private final Pacer writePacer;

  private Socket socket;
  private LineReader in;
  private OutputStream out;

  private boolean tls;
  private String heloName;
  private String authUser;
  private int mailCommands;
  private boolean ended;

  private String mailFrom;
  private List<String> mailParameters = List.of();
  private final List<String> rcptTo = new ArrayList<>();
  private final List<String> refusedRcptTo = new ArrayList<>();

  SmtpSession(FakeSmtpServer server, int index, Socket socket, Script script, boolean implicitTls) {
    this.server = server;
    this.index = index;
    this.rawSocket = socket;
    this.socket = socket;
    this.script = script;
    this.run = new ScriptRun(script);
    this.implicitTls = implicitTls;
    Script.Throttle throttle = script.throttleOrNull();
    this.readPacer = throttle == null ? null : pacer(throttle, server);
    this.writePacer = throttle == null ? null : pacer(throttle, server);
  }

  int index() {
    return index;
  }

  private static Pacer pacer(Script.Throttle throttle, FakeSmtpServer server) {
    return new Pacer(throttle.bytesPerPeriod(), throttle.period(), server::awaitClosing);
  }

  /** Called by the server's close(): closing the plain socket unblocks any read or write, TLS or not. */
  void closeSocket() {
    try {
      rawSocket.close();
    } catch (IOException e) {
      // Already closed: nothing left to release.
    }
  }

  @Override
  public void run() {
    try {
      attachStreams(rawSocket);
      serve();
    } catch (IOException e) {
      // The peer went away or close() closed the socket: both are normal ends for a fault-injecting fake.
    } catch (RuntimeException | Error e) {
      server.sessionFailed(index, e);
    } finally {
      closeSocket();
      end();
    }
  }

  private void end() {
    if (!ended) {
      ended = true;
      server.sessionEnded();
    }
  }

  private void serve() throws IOException {
    if (!applyEffect(run.effect(Phase.CONNECT, 0))) {
      return;
    }
    if (implicitTls) {
      startTls();
    }
    ScriptedReply greeting = run.reply(Phase.GREETING, 0, null).orElse(new ScriptedReply(220, HOSTNAME + " ESMTP"));
    if (!perform(run.effect(Phase.GREETING, 0), greeting)) {
      return;
    }
    boolean refused = !greeting.positive();
    while (true) {
      byte[] raw = in.readLine();
      if (raw == null) {
        return;
      }
      String line = stripEol(new String(raw, StandardCharsets.UTF_8));
      server.recordCommand(index, line);
      String verb = verb(line);
      checkWaitedForReply(line, LAST_IN_GROUP.contains(verb));
      String argument = line.length() > verb.length() ? line.substring(verb.length()).strip() : "";
      if (refused && !verb.equals("QUIT")) {
        send(standardReply(503, "5.5.1", "Error: no service"));
        continue;
      }
      boolean goOn = switch (verb) {
        case "EHLO" -> helo(argument, true);
        case "HELO" -> helo(argument, false);
        case "STARTTLS" -> startTlsCommand();
        case "AUTH" -> auth(argument);
        case "MAIL" -> mail(argument);
        case "RCPT" -> rcpt(argument);
        case "DATA" -> data();
        case "RSET" -> {
          resetTransaction();
          yield answer(Phase.RSET, null, standardReply(250, "2.0.0", "Ok"));
        }
        case "NOOP" -> send(standardReply(250, "2.0.0", "Ok"));
        case "QUIT" -> {
          answer(Phase.QUIT, null, standardReply(221, "2.0.0", "Bye"));
          yield false;
        }
        default -> send(standardReply(500, "5.5.1", "Error: command not recognized"));
      };
      if (!goOn) {
        return;
      }
    }
  }

  private boolean helo(String argument, boolean extended) throws IOException {
    if (argument.isEmpty()) {
      return send(standardReply(501, "5.5.4", "Syntax: " + (extended ? "EHLO" : "HELO") + " hostname"));
    }
    resetTransaction();
    heloName = argument;
    ScriptedReply reply;
    if (extended) {
      List<String> lines = new ArrayList<>();
      lines.add(HOSTNAME);
      lines.addAll(script.extensions());
      if (script.startTls() && !tls) {
        lines.add("STARTTLS");
      }
      if (script.credentials() != null) {
        lines.add("AUTH PLAIN LOGIN");
      }
      reply = new ScriptedReply(250, String.join("\n", lines));
    } else {
      reply = new ScriptedReply(250, HOSTNAME);
    }
    return answer(Phase.EHLO, null, reply);
  }

  private boolean startTlsCommand() throws IOException {
    if (!script.startTls()) {
      return send(standardReply(502, "5.5.1", "Error: command not implemented"));
    }
    if (tls) {
      return send(standardReply(503, "5.5.1", "Error: TLS already active"));
    }
    SocketEffect effect = run.effect(Phase.STARTTLS, tx());
    ScriptedReply reply = run.reply(Phase.STARTTLS, tx(), null)
        .orElse(standardReply(220, "2.0.0", "Ready to start TLS"));
    if (!perform(effect, reply)) {
      return false;
    }
    if (reply.positive()) {
      // Whatever the client pipelined after STARTTLS was sent in clear text and must not be trusted
      // (CVE-2011-0411, the STARTTLS command injection).
      in.discardBuffered();
      startTls();
      heloName = null;
      authUser = null;
      resetTransaction();
    }
    return true;
  }

  private void startTls() throws IOException {
    SSLSocket ssl = (SSLSocket) server.serverTlsContext().getSocketFactory()
        .createSocket(rawSocket, rawSocket.getInetAddress().getHostAddress(), rawSocket.getPort(), true);
    ssl.setUseClientMode(false);
    ssl.startHandshake();
    tls = true;
    attachStreams(ssl);
  }

  private boolean auth(String argument) throws IOException {
    Script.Credentials credentials = script.credentials();
    if (credentials == null) {
      return send(standardReply(503, "5.5.1", "Error: authentication not enabled"));
    }
    if (authUser != null) {
      return send(standardReply(503, "5.5.1", "Error: already authenticated"));
    }
    if (mailFrom != null) {
      return send(standardReply(503, "5.5.1", "Error: MAIL transaction in progress"));
    }
    if (!applyEffect(run.effect(Phase.AUTH, tx()))) {
      return false;
    }
    String[] parts = argument.split("\\s+", 2);
    String mechanism = parts[0].toUpperCase(Locale.ROOT);
    String initial = parts.length > 1 ? parts[1] : null;
    String user;
    String password;
    switch (mechanism) {
      case "PLAIN" -> {
        byte[] response = initial != null ? decode(initial) : challenge("");
        if (response == null) {
          return true;
        }
        String[] fields = new String(response, StandardCharsets.UTF_8).split("\0", -1);
        if (fields.length != 3 || !(fields[0].isEmpty() || fields[0].equals(fields[1]))) {
          return send(standardReply(501, "5.5.2", "Error: malformed PLAIN response"));
        }
        user = fields[1];
        password = fields[2];
      }
      case "LOGIN" -> {
        byte[] userBytes = initial != null ? decode(initial) : challenge("VXNlcm5hbWU6");
        if (userBytes == null) {
          return true;
        }
        byte[] passwordBytes = challenge("UGFzc3dvcmQ6");
        if (passwordBytes == null) {
          return true;
        }
        user = new String(userBytes, StandardCharsets.UTF_8);
        password = new String(passwordBytes, StandardCharsets.UTF_8);
      }
      default -> {
        return send(standardReply(504, "5.5.4", "Error: unsupported authentication mechanism"));
      }
    }
    boolean valid = credentials.user().equals(user) && credentials.password().equals(password);
    ScriptedReply reply = run.reply(Phase.AUTH, tx(), null).orElse(valid
        ? standardReply(235, "2.7.0", "Authentication successful")
        : standardReply(535, "5.7.8", "Error: authentication failed"));
    if (reply.positive()) {
      authUser = user;
    }
    return sendAndContinue(reply);
  }

  /** Sends a 334 challenge and returns the decoded answer, or null after answering a cancel or bad base64. */
  private byte[] challenge(String challenge) throws IOException {
    send(new ScriptedReply(334, challenge));
    byte[] raw = in.readLine();
    if (raw == null) {
      throw new IOException("fakesmtp: client closed during AUTH");
    }
    String answer = stripEol(new String(raw, StandardCharsets.US_ASCII));
    if (answer.equals("*")) {
      send(standardReply(501, "5.7.0", "Authentication aborted"));
      return null;
    }
    return decode(answer);
  }

  private byte[] decode(String base64) throws IOException {
    if (base64.equals("=")) {
      return new byte[0];
    }
    try {
      return Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      send(standardReply(501, "5.5.2", "Error: cannot decode response"));
      return null;
    }
  }

  private boolean mail(String argument) throws IOException {
    if (heloName == null) {
      return send(standardReply(503, "5.5.1", "Error: send HELO/EHLO first"));
    }
    if (mailFrom != null) {
      return send(standardReply(503, "5.5.1", "Error: nested MAIL command"));
    }
    if (script.authRequired() && authUser == null) {
      return send(standardReply(530, "5.7.0", "Authentication required"));
    }
    Path path = parsePath(argument, "FROM:");
    if (path == null) {
      return send(standardReply(501, "5.5.4", "Syntax: MAIL FROM:<address>"));
    }
    long limit = script.sizeLimit();
    for (String parameter : path.parameters()) {
      if (parameter.toUpperCase(Locale.ROOT).startsWith("SIZE=") && limit > 0) {
        try {
          if (Long.parseLong(parameter.substring(5)) > limit) {
            return send(standardReply(552, "5.3.4", "Message size exceeds fixed limit"));
          }
        } catch (NumberFormatException e) {
          return send(standardReply(501, "5.5.4", "Bad SIZE parameter"));
        }
      }
    }
    mailCommands++;
    SocketEffect effect = run.effect(Phase.MAIL, tx());
    ScriptedReply reply = run.reply(Phase.MAIL, tx(), null).orElse(standardReply(250, "2.1.0", "Ok"));
    if (reply.positive()) {
      mailFrom = path.address();
      mailParameters = path.parameters();
    }
    return perform(effect, reply);
  }

  private boolean rcpt(String argument) throws IOException {
    if (mailFrom == null) {
      return send(standardReply(503, "5.5.1", "Error: need MAIL command"));
    }
    Path path = parsePath(argument, "TO:");
    if (path == null || path.address().isEmpty()) {
      return send(standardReply(501, "5.5.4", "Syntax: RCPT TO:<address>"));
    }
    SocketEffect effect = run.effect(Phase.RCPT, tx());
    ScriptedReply reply = run.reply(Phase.RCPT, tx(), path.address()).orElse(standardReply(250, "2.1.5", "Ok"));
    (reply.positive() ? rcptTo : refusedRcptTo).add(path.address());
    return perform(effect, reply);
  }

  private boolean data() throws IOException {
    if (mailFrom == null) {
      return send(standardReply(503, "5.5.1", "Error: need MAIL command"));
    }
    if (rcptTo.isEmpty()) {
      return send(standardReply(554, "5.5.1", "Error: no valid recipients"));
    }
    SocketEffect effect = run.effect(Phase.DATA, tx());
    ScriptedReply reply = run.reply(Phase.DATA, tx(), null)
        .orElse(new ScriptedReply(354, "End data with <CR><LF>.<CR><LF>"));
    if (!perform(effect, reply)) {
      return false;
    }
    if (reply.code() / 100 != 3) {
      return true;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean first = true;
    while (true) {
      byte[] line = in.readLine();
      if (line == null) {
        return false;
      }
      if (first) {
        first = false;
        if (!applyEffect(run.effect(Phase.DATA_BODY, tx()))) {
          return false;
        }
      }
      if (line.length == 3 && line[0] == '.' && line[1] == '\r' && line[2] == '\n') {
        checkWaitedForReply("<CRLF>.<CRLF>", false);
        break;
      }
      int skip = line[0] == '.' ? 1 : 0;
      body.write(line, skip, line.length - skip);
    }
    String queueId = server.nextQueueId();
    long limit = script.sizeLimit();
    SocketEffect endEffect = run.effect(Phase.END_OF_DATA, tx());
    ScriptedReply endReply = run.reply(Phase.END_OF_DATA, tx(), null)
        .orElse(limit > 0 && body.size() > limit
            ? standardReply(552, "5.3.4", "Message size exceeds fixed limit")
            : standardReply(250, "2.0.0", "Ok: queued as " + queueId));
    boolean replies = endEffect == null || endEffect instanceof SocketEffect.Delay;
    // Recorded before the reply goes out, so a client that has seen 250 always finds the transaction.
    server.record(new RecordedTransaction(index, tx(), queueId, heloName, mailFrom, mailParameters, rcptTo,
        refusedRcptTo, body.toByteArray(), replies ? endReply.code() : 0, tls, Optional.ofNullable(authUser)));
    resetTransaction();
    return perform(endEffect, endReply);
  }

  /**
   * Reports a client that sent more before hearing the reply to {@code what}: without PIPELINING every
   * command must wait, and with it some commands still must. Bytes already here prove the client did
   * not wait; none here proves nothing, so this never reports a well-behaved client.
   */
  private void checkWaitedForReply(String what, boolean lastInGroup) throws IOException {
    boolean pipelining = script.advertises("PIPELINING");
    if ((!pipelining || lastInGroup) && in.available() > 0) {
      server.recordViolation(index, "sent more before the reply to '" + what + "'"
          + (pipelining ? " (RFC 2920: it must end a pipelined group)" : " (PIPELINING was not advertised)"));
    }
  }

  /** Applies the effect, then sends the reply; false when the connection is over. */
  private boolean perform(SocketEffect effect, ScriptedReply reply) throws IOException {
    return applyEffect(effect) && sendAndContinue(reply);
  }

  private boolean answer(Phase phase, String recipient, ScriptedReply defaultReply) throws IOException {
    SocketEffect effect = run.effect(phase, tx());
    return perform(effect, run.reply(phase, tx(), recipient).orElse(defaultReply));
  }

  /** Sends the reply; false after a 421, which by RFC 5321 closes the channel. */
  private boolean sendAndContinue(ScriptedReply reply) throws IOException {
    send(reply);
    return reply.code() != 421;
  }

  private boolean send(ScriptedReply reply) throws IOException {
    out.write(reply.wireBytes());
    out.flush();
    return true;
  }

  /** Returns false when the effect ends the conversation. */
  private boolean applyEffect(SocketEffect effect) throws IOException {
    return switch (effect) {
      case null -> true;
      case SocketEffect.Delay delay -> {
        if (server.awaitClosingUninterruptibly(delay.duration())) {
          throw new IOException("fakesmtp: server closing");
        }
        yield true;
      }
      case SocketEffect.CloseSocket close -> {
        closeSocket();
        yield false;
      }
      case SocketEffect.Stall stall -> {
        in.drain();
        // The client has gone, so the connection no longer counts as open; ours stays open as promised.
        end();
        server.awaitClosingUninterruptibly(null);
        yield false;
      }
      case SocketEffect.ShutdownOutput shutdown -> {
        socket.shutdownOutput();
        in.drain();
        yield false;
      }
    };
  }

  private void attachStreams(Socket current) throws IOException {
    socket = current;
    InputStream input = current.getInputStream();
    OutputStream output = current.getOutputStream();
    in = new LineReader(readPacer == null ? input : readPacer.throttle(input), MAX_LINE);
    out = writePacer == null ? output : writePacer.throttle(output);
  }

  /** A built-in reply, with its enhanced code only when the script advertises ENHANCEDSTATUSCODES. */
  private ScriptedReply standardReply(int code, String enhanced, String text) {
    return new ScriptedReply(code, script.advertises("ENHANCEDSTATUSCODES") ? enhanced + " " + text : text);
  }

  private void resetTransaction() {
    mailFrom = null;
    mailParameters = List.of();
    rcptTo.clear();
    refusedRcptTo.clear();
  }

  private int tx() {
    return Math.max(0, mailCommands - 1);
  }

  record Path(String address, List<String> parameters) {}

  /** Parses {@code FROM:<a@b> SIZE=1} (also with a space after the colon); null when malformed. */
  static Path parsePath(String argument, String prefix) {
    if (!argument.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return null;
    }
    String rest = argument.substring(prefix.length()).strip();
    if (!rest.startsWith("<")) {
      return null;
    }
    int close = rest.indexOf('>');
    if (close < 0) {
      return null;
    }
    String address = rest.substring(1, close);
    String parameters = rest.substring(close + 1).strip();
    List<String> list = parameters.isEmpty() ? List.of() : Arrays.asList(parameters.split("\\s+"));
    return new Path(address, list);
  }

  private static String verb(String line) {
    int space = line.indexOf(' ');
    return (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
  }

  private static String stripEol(String line) {
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\n') {
      end--;
    }
    if (end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    return line.substring(0, end);
  }
}
