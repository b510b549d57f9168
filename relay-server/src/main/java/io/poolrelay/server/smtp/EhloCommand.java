package io.poolrelay.server.smtp;

import java.io.IOException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/** EHLO that advertises what the relay really does: PIPELINING, SIZE, 8BITMIME, enhanced codes. */
final class EhloCommand extends BaseCommand {

  private final String hostname;
  private final long maxMessageSize;

  EhloCommand(String hostname, long maxMessageSize) {
    super("EHLO", "Introduce yourself.", "<hostname>");
    this.hostname = hostname;
    this.maxMessageSize = maxMessageSize;
  }

  @Override
  public void execute(String commandString, Session session) throws IOException {
    String[] args = getArgs(commandString);
    if (args.length < 2) {
      session.sendResponse(Replies.EHLO_SYNTAX);
      return;
    }
    session.resetMailTransaction();
    session.setHelo(args[1]);
    session.sendResponse("250-" + hostname + "\r\n"
        + "250-PIPELINING\r\n"
        + "250-SIZE " + maxMessageSize + "\r\n"
        + "250-8BITMIME\r\n"
        + "250 ENHANCEDSTATUSCODES");
  }
}
