package io.poolrelay.server.smtp;

import io.poolrelay.server.metrics.ListenerMeters;
import io.poolrelay.server.metrics.RejectReason;
import java.io.IOException;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/** RCPT TO with a strict path, no parameters, and 452 4.5.3 past the listener's recipient limit. */
final class RcptCommand extends BaseCommand {

  private final int maxRecipients;
  private final ListenerMeters meters;

  RcptCommand(int maxRecipients, ListenerMeters meters) {
    super("RCPT", "Specifies a recipient.", "TO:<recipient>");
    this.maxRecipients = maxRecipients;
    this.meters = meters;
  }

  @Override
  public void execute(String commandString, Session session) throws IOException {
    if (!session.isMailTransactionInProgress()) {
      session.sendResponse(Replies.NEED_MAIL);
      return;
    }
    String args = getArgPredicate(commandString);
    if (!args.regionMatches(true, 0, "TO:", 0, 3)) {
      meters.rejected(RejectReason.SYNTAX);
      session.sendResponse(Replies.RCPT_SYNTAX);
      return;
    }
    Addresses.PathAndParameters path = Addresses.parse(args.substring(3));
    if (path == null || path.address().isEmpty()) {
      meters.rejected(RejectReason.SYNTAX);
      session.sendResponse(Replies.BAD_RECIPIENT);
      return;
    }
    if (!path.parameters().isEmpty()) {
      meters.rejected(RejectReason.SYNTAX);
      session.sendResponse(Replies.UNKNOWN_PARAMETER);
      return;
    }
    if (session.getRecipientCount() >= maxRecipients) {
      meters.rejected(RejectReason.TOO_MANY_RECIPIENTS);
      session.sendResponse(Replies.TOO_MANY_RECIPIENTS);
      return;
    }
    try {
      session.getMessageHandler().recipient(path.address());
    } catch (RejectException e) {
      session.sendResponse(e.getErrorResponse());
      return;
    }
    session.addRecipient(path.address());
    session.sendResponse(Replies.RCPT_OK);
  }
}
