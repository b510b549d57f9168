package io.poolrelay.server.smtp;

import java.io.IOException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/** RSET: ends the mail transaction; the library's reply lacked the enhanced status code. */
final class ResetCommand extends BaseCommand {

  ResetCommand() {
    super("RSET", "Resets the mail transaction.");
  }

  @Override
  public void execute(String commandString, Session session) throws IOException {
    session.resetMailTransaction();
    session.sendResponse(Replies.RESET_OK);
  }
}
