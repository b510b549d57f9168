package io.poolrelay.server.smtp;

import java.io.IOException;
import java.io.InputStream;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * DATA: lets {@link RelayMessageHandler} read the section up to {@code CRLF.CRLF}, check and spool
 * the bytes, and replies with what it says. Unlike the
 * library's DATA, the transaction is reset after a refusal too, so the client can send the next
 * message on the same connection. The transaction counts as under way (for a draining listener)
 * until the reply is sent.
 */
final class DataCommand extends BaseCommand {

  private final ListenerSessions sessions;

  DataCommand(ListenerSessions sessions) {
    super("DATA", "Following text is collected as the message.\nEnd data with <CR><LF>.<CR><LF>");
    this.sessions = sessions;
  }

  @Override
  public void execute(String commandString, Session session) throws IOException {
    if (!session.isMailTransactionInProgress()) {
      session.sendResponse(Replies.NEED_MAIL);
      return;
    }
    if (session.getRecipientCount() == 0) {
      session.sendResponse(Replies.NEED_RCPT);
      return;
    }
    try {
      session.sendResponse(Replies.START_DATA);
      // The session's buffered input: DataReader stops exactly after the terminator.
      InputStream data = session.getRawInput();
      RelayMessageHandler handler = (RelayMessageHandler) session.getMessageHandler();
      String reply;
      try {
        reply = handler.receive(data, session);
      } finally {
        session.resetMailTransaction();
      }
      session.sendResponse(reply);
    } finally {
      sessions.transactionEnded(session);
    }
  }
}
