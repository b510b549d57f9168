package io.poolrelay.server.smtp;

import java.io.IOException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/** QUIT: says goodbye and ends the session; the library's reply lacked the enhanced status code. */
final class QuitCommand extends BaseCommand {

  QuitCommand() {
    super("QUIT", "Exit the SMTP session.");
  }

  @Override
  public void execute(String commandString, Session session) throws IOException {
    session.sendResponse(Replies.BYE);
    session.quit();
  }
}
