package io.poolrelay.server.smtp;

import java.io.IOException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/** BDAT is not offered: chunks would need their own smuggling checks and gain an app nothing here. */
final class BdatCommand extends BaseCommand {

  BdatCommand() {
    super("BDAT", "Not supported.");
  }

  @Override
  public void execute(String commandString, Session session) throws IOException {
    session.sendResponse(Replies.BDAT_UNSUPPORTED);
  }
}
