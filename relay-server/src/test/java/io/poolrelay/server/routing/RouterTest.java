package io.poolrelay.server.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.model.RouteConfig;
import io.poolrelay.config.model.RouteMatch;
import io.poolrelay.config.model.RoutingConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterTest {

  private static RouteMatch header(String name, String value) {
    return new RouteMatch(Optional.of(name), Optional.of(value), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  private static RouteMatch senderDomain(String domain) {
    return new RouteMatch(Optional.empty(), Optional.empty(), Optional.of(domain), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  private static RouteMatch recipientDomain(String domain) {
    return new RouteMatch(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(domain), Optional.empty(),
        Optional.empty());
  }

  private static RouteMatch listenerAndUser(String listener, String user) {
    return new RouteMatch(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(listener),
        Optional.of(user));
  }

  private final Router router = new Router(new RoutingConfig(List.of("X-Campaign-Type", "X-Category"), true, List.of(
      new RouteConfig(header("X-Campaign-Type", "newsletter"), "marketing"),
      new RouteConfig(header("X-Category", "promo-*"), "promotions"),
      new RouteConfig(senderDomain("Billing.Example.com"), "billing"),
      new RouteConfig(recipientDomain("gmail.com"), "gmail"),
      new RouteConfig(listenerAndUser("submission", "crm"), "crm")), "all"));

  private static RoutingInput input(Map<String, String> hints, String sender, List<String> recipients) {
    return new RoutingInput(hints, sender, recipients, "default", "");
  }

  @Test
  void firstMatchingRouteWinsAndHeaderValuesCompareCaseInsensitively() {
    RouteDecision decision = router.route(input(Map.of("x-campaign-type", "NewsLetter", "x-category", "promo-x"),
        "a@example.com", List.of("b@example.net")));
    assertEquals("marketing", decision.pool());
    assertEquals(0, decision.routeIndex());
  }

  @Test
  void globValuesMatch() {
    assertEquals("promotions", router.route(input(Map.of("x-category", "PROMO-black-friday"), "a@example.com",
        List.of("b@example.net"))).pool());
    assertEquals("all", router.route(input(Map.of("x-category", "xpromo-1"), "a@example.com",
        List.of("b@example.net"))).pool());
  }

  @Test
  void senderDomainComparesCaseInsensitively() {
    assertEquals("billing", router.route(input(Map.of(), "invoices@BILLING.example.com", List.of("b@example.net"))).pool());
  }

  @Test
  void recipientDomainRouteNeedsEveryRecipientInThatDomain() {
    assertEquals("gmail", router.route(input(Map.of(), "a@example.com", List.of("x@gmail.com", "y@GMAIL.com"))).pool());
    assertEquals("all", router.route(input(Map.of(), "a@example.com", List.of("x@gmail.com", "y@example.net"))).pool());
  }

  @Test
  void listenerAndAuthenticatedUserMustBothMatch() {
    assertEquals("crm", router.route(new RoutingInput(Map.of(), "a@example.com", List.of("b@example.net"), "submission",
        "crm")).pool());
    assertEquals("all", router.route(new RoutingInput(Map.of(), "a@example.com", List.of("b@example.net"), "submission",
        "")).pool());
  }

  @Test
  void noMatchFallsToTheDefaultPoolAndTheExplanationSaysWhyEachRouteWasSkipped() {
    RouteDecision decision = router.route(input(Map.of("x-campaign-type", "receipt"), "", List.of("b@example.net")));
    assertEquals("all", decision.pool());
    assertTrue(decision.isDefault());
    assertEquals("routes[0] skipped: x-campaign-type is 'receipt', wanted 'newsletter'", decision.explanation().get(0));
    assertEquals("routes[1] skipped: no x-category header", decision.explanation().get(1));
    assertEquals("no route matched: default_pool all", decision.explanation().get(5));
  }
}
