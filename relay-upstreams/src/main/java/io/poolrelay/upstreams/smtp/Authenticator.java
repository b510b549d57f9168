package io.poolrelay.upstreams.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * AUTH PLAIN (RFC 4616), or AUTH LOGIN when that is all the server offers. The password only ever
 * leaves here base64-encoded on the wire: failures quote the server's reply, never our command.
 */
final class Authenticator {

  private final String username;
  private final String password;

  Authenticator(String username, String password) {
    this.username = username;
    this.password = password;
  }

  void authenticate(SmtpConnection connection) throws StageFailure {
    var mechanisms = connection.extensions().authMechanisms();
    ParsedReply result;
    if (mechanisms.contains("PLAIN")) {
      result = SmtpConnector.exchange(connection, "AUTH PLAIN " + encode("\0" + username + "\0" + password), Stage.AUTH);
    } else if (mechanisms.contains("LOGIN")) {
      result = login(connection);
    } else {
      throw new StageFailure(Stage.AUTH, Replies.authFailed(
          connection.peer() + " offers neither AUTH PLAIN nor AUTH LOGIN"
              + (mechanisms.isEmpty() ? "" : " (it offers " + String.join(" ", mechanisms) + ")")));
    }
    if (result.code() != 235) {
      throw new StageFailure(Stage.AUTH, Replies.authFailed(result.toString()));
    }
  }

  private ParsedReply login(SmtpConnection connection) throws StageFailure {
    ParsedReply reply = SmtpConnector.exchange(connection, "AUTH LOGIN", Stage.AUTH);
    if (reply.code() != 334) {
      return reply;
    }
    reply = SmtpConnector.exchange(connection, encode(username), Stage.AUTH);
    if (reply.code() != 334) {
      return reply;
    }
    return SmtpConnector.exchange(connection, encode(password), Stage.AUTH);
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Authenticator[" + username + "]";
  }
}
