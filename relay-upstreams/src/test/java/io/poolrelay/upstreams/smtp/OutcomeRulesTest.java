package io.poolrelay.upstreams.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.DeliveryOutcome.Deferred;
import io.poolrelay.upstreams.DeliveryOutcome.Delivered;
import io.poolrelay.upstreams.DeliveryOutcome.Rejected;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.SmtpReply;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutcomeRulesTest {

  private final OutcomeRules rules = new OutcomeRules(Set.of(554));

  private static SmtpReply reply(int code, String command) {
    return new SmtpReply(code, "", "text", command);
  }

  private static void assertOutcome(Class<?> kind, FailureScope scope, DeliveryOutcome outcome) {
    assertInstanceOf(kind, outcome);
    assertEquals(scope, outcome.scope(), outcome.toString());
  }

  @Test
  void mailRepliesConcernTheUpstreamOrTheMessage() {
    assertOutcome(Deferred.class, FailureScope.UPSTREAM, rules.mailRefused(reply(451, "MAIL")));
    assertOutcome(Rejected.class, FailureScope.MESSAGE, rules.mailRefused(reply(550, "MAIL")));
    assertOutcome(Rejected.class, FailureScope.UPSTREAM, rules.mailRefused(reply(554, "MAIL")));
  }

  @Test
  void rcptRepliesConcernTheRecipientUnlessListedInFailoverOn() {
    assertOutcome(Deferred.class, FailureScope.RECIPIENT, rules.recipientRefused(reply(450, "RCPT")));
    assertOutcome(Rejected.class, FailureScope.RECIPIENT, rules.recipientRefused(reply(550, "RCPT")));
    assertOutcome(Rejected.class, FailureScope.UPSTREAM, rules.recipientRefused(reply(554, "RCPT")));
  }

  @Test
  void dataRepliesConcernTheUpstreamOrTheMessage() {
    assertOutcome(Deferred.class, FailureScope.UPSTREAM, rules.dataRefused(reply(451, "DATA")));
    assertOutcome(Rejected.class, FailureScope.MESSAGE, rules.dataRefused(reply(552, "DATA")));
  }

  @Test
  void finalDotRepliesDecideTheMessage() {
    assertInstanceOf(Delivered.class, rules.afterDot(reply(250, "END_OF_DATA")));
    Deferred deferred = assertInstanceOf(Deferred.class, rules.afterDot(reply(451, "END_OF_DATA")));
    assertEquals(FailureScope.MESSAGE, deferred.scope());
    assertEquals(false, deferred.ambiguous());
    assertOutcome(Rejected.class, FailureScope.MESSAGE, rules.afterDot(reply(550, "END_OF_DATA")));
    assertOutcome(Rejected.class, FailureScope.UPSTREAM, rules.afterDot(reply(554, "END_OF_DATA")));
  }

  @Test
  void lostAfterTheDotIsAmbiguousAtMessageScope() {
    Deferred deferred = assertInstanceOf(Deferred.class, OutcomeRules.ambiguous(reply(421, "END_OF_DATA")));
    assertEquals(FailureScope.MESSAGE, deferred.scope());
    assertEquals(true, deferred.ambiguous());
  }
}
