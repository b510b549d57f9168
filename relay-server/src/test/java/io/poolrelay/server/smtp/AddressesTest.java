package io.poolrelay.server.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressesTest {

  @Test
  void parsesPathAndParameters() {
    Addresses.PathAndParameters parsed = Addresses.parse("<a@example.com> SIZE=10 BODY=8BITMIME");
    assertEquals("a@example.com", parsed.address());
    assertEquals("SIZE=10 BODY=8BITMIME", parsed.parameters());
  }

  @Test
  void leadingSpaceBeforeThePathIsTolerated() {
    assertEquals("a@example.com", Addresses.parse(" <a@example.com>").address());
  }

  @Test
  void nullPathParsesToEmptyString() {
    assertEquals("", Addresses.parse("<>").address());
  }

  @Test
  void pathWithoutBracketsIsRefused() {
    assertNull(Addresses.parse("a@example.com"));
  }

  @Test
  void unclosedBracketIsRefused() {
    assertNull(Addresses.parse("<a@example.com"));
  }

  @Test
  void parametersMustBeSeparatedBySpace() {
    assertNull(Addresses.parse("<a@example.com>SIZE=10"));
  }

  @Test
  void sourceRouteIsDropped() {
    assertEquals("a@example.com", Addresses.parse("<@relay1.test,@relay2.test:a@example.com>").address());
  }

  @Test
  void sourceRouteWithoutColonIsRefused() {
    assertNull(Addresses.parse("<@relay1.test>"));
  }

  @Test
  void missingLocalPartOrDomainIsRefused() {
    assertFalse(Addresses.isMailbox("@example.com"));
    assertFalse(Addresses.isMailbox("a@"));
    assertFalse(Addresses.isMailbox("a"));
  }

  @Test
  void nonAsciiIsRefused() {
    assertFalse(Addresses.isMailbox("jöran@example.com"));
    assertFalse(Addresses.isMailbox("a@exämple.com"));
  }

  @Test
  void spacesAndControlCharactersAreRefused() {
    assertFalse(Addresses.isMailbox("a b@example.com"));
    assertFalse(Addresses.isMailbox("a\t@example.com"));
    assertFalse(Addresses.isMailbox("a\u007f@example.com"));
  }

  @Test
  void malformedDomainDotsAreRefused() {
    assertFalse(Addresses.isMailbox("a@.example.com"));
    assertFalse(Addresses.isMailbox("a@example.com."));
    assertFalse(Addresses.isMailbox("a@example..com"));
  }

  @Test
  void secondAtSignIsRefused() {
    // One '@' only: "a@internal@example.com" must not reach routing or an upstream.
    assertFalse(Addresses.isMailbox("a@internal.test@example.com"));
    assertNull(Addresses.parse("<a@b@example.com>"));
  }

  @Test
  void addressOf254CharactersIsTheLongestAccepted() {
    String local = "a".repeat(64);
    String domain254 = "d".repeat(254 - local.length() - 1 - 4) + ".com";
    assertTrue(Addresses.isMailbox(local + "@" + domain254));
    assertFalse(Addresses.isMailbox(local + "@d" + domain254));
  }

  @Test
  void plainAddressesAreAccepted() {
    assertTrue(Addresses.isMailbox("first.last+tag@sub.example.com"));
    assertTrue(Addresses.isMailbox("a@[192.0.2.1]"));
  }

  @Test
  void domainOfIsLowerCased() {
    assertEquals("example.com", Addresses.domainOf("A@Example.COM"));
    assertEquals("", Addresses.domainOf(""));
  }
}
