package io.poolrelay.server.smtp;

import java.io.IOException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/** RSET: ends the mail transaction; the library's reply lacked the enhanced status code. */
final class ResetCommand extends BaseCommand {

  private final ListenerSessions sessions;

  ResetCommand(ListenerSessions sessions) {
    super("RSET", "Resets the mail transaction.");
    this.sessions = sessions;
  }

  @Override
  public void execute(String commandString, Session session) throws IOException {
    session.resetMailTransaction();
    sessions.transactionEnded(session);
    session.sendResponse(Replies.RESET_OK);
  }
}
