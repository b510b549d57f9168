package io.poolrelay.server.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A raw SMTP client for tests: sends exactly the bytes it is given and returns each reply whole, so
 * tests can send what well-behaved clients never would (bare LF, odd SIZE values, smuggling).
 */
public final class SmtpDialog implements AutoCloseable {

  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final String greeting;

  public SmtpDialog(String host, int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), 5000);
    socket.setSoTimeout(15000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    greeting = readReply();
  }

  public static SmtpDialog connect(int port) throws IOException {
    return new SmtpDialog("127.0.0.1", port);
  }

  public String greeting() {
    return greeting;
  }

  /** Sends one command line (CRLF added) and returns the reply, continuation lines joined by '\n'. */
  public String command(String line) throws IOException {
    send((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return readReply();
  }

  /**
   * Sends STARTTLS and, on 220, does the handshake with {@code context}, checking the server's name
   * as 127.0.0.1; returns the reply to STARTTLS. Later commands go over TLS.
   */
  public String startTls(SSLContext context) throws IOException {
    String reply = command("STARTTLS");
    if (reply == null || !reply.startsWith("220")) {
      return reply;
    }
    SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    tls.setSSLParameters(parameters);
    tls.startHandshake();
    socket = tls;
    in = new BufferedInputStream(tls.getInputStream());
    out = tls.getOutputStream();
    return reply;
  }

  /** The TLS protocol in use, such as TLSv1.3; empty before STARTTLS. */
  public String tlsProtocol() {
    return socket instanceof SSLSocket tls ? tls.getSession().getProtocol() : "";
  }

  public void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads one reply; null when the server closed the connection. */
  public String readReply() throws IOException {
    StringBuilder reply = new StringBuilder();
    while (true) {
      String line = readLine();
      if (line == null) {
        return reply.isEmpty() ? null : reply.toString();
      }
      if (!reply.isEmpty()) {
        reply.append('\n');
      }
      reply.append(line);
      if (line.length() < 4 || line.charAt(3) != '-') {
        return reply.toString();
      }
    }
  }

  /** Sends a whole transaction with {@code body} (already CRLF, not yet dot-stuffed); returns the final reply. */
  public String sendMessage(String from, java.util.List<String> to, String body) throws IOException {
    expect(command("MAIL FROM:<" + from + ">"), "250");
    for (String rcpt : to) {
      expect(command("RCPT TO:<" + rcpt + ">"), "250");
    }
    expect(command("DATA"), "354");
    StringBuilder stuffed = new StringBuilder();
    for (String line : body.split("\r\n", -1)) {
      stuffed.append(line.startsWith(".") ? "." + line : line).append("\r\n");
    }
    String data = stuffed.toString();
    if (body.endsWith("\r\n")) {
      data = data.substring(0, data.length() - 2);
    }
    send((data + ".\r\n").getBytes(StandardCharsets.UTF_8));
    return readReply();
  }

  public static void expect(String reply, String prefix) {
    if (reply == null || !reply.startsWith(prefix)) {
      throw new AssertionError("expected a reply starting with '" + prefix + "' but got: " + reply);
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      }
      line.write(c);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
