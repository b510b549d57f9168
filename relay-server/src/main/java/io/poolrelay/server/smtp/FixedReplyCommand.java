package io.poolrelay.server.smtp;

import java.io.IOException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * A command whose only effect is a fixed reply (NOOP, VRFY, EXPN). Replaces the library's versions,
 * whose replies lack the enhanced status code that RFC 2034 requires once ENHANCEDSTATUSCODES is
 * advertised.
 */
final class FixedReplyCommand extends BaseCommand {

  private final String reply;

  FixedReplyCommand(String verb, String help, String reply) {
    super(verb, help);
    this.reply = reply;
  }

  @Override
  public void execute(String commandString, Session session) throws IOException {
    session.sendResponse(reply);
  }
}
