package io.poolrelay.config.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.model.CidrBlock;
import io.poolrelay.config.model.HostPort;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkSyntaxTest {

  @Test
  void hostPortReadsNamesIpv4AndBracketedIpv6() {
    assertEquals(new HostPort("127.0.0.1", 2525), NetworkSyntax.hostPort("127.0.0.1:2525"));
    assertEquals(new HostPort("mail.example.com", 25), NetworkSyntax.hostPort("mail.example.com:25"));
    assertEquals(new HostPort("::1", 0), NetworkSyntax.hostPort("[::1]:0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "::1:2525", "[localhost]:25", "host:65536", "host:", "host:-1", ":25", "a b:25"})
  void malformedAddressesAreRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> NetworkSyntax.hostPort(text));
  }

  @Test
  void bareAddressIsASingleHost() throws Exception {
    assertEquals(32, NetworkSyntax.cidr("192.0.2.7").prefixLength());
    assertEquals(128, NetworkSyntax.cidr("2001:db8::1").prefixLength());
  }

  @Test
  void cidrContainsItsNetwork() throws Exception {
    CidrBlock block = NetworkSyntax.cidr("10.1.0.0/16");

    assertTrue(block.contains(InetAddress.getByName("10.1.200.3")));
    assertFalse(block.contains(InetAddress.getByName("10.2.0.1")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "256.0.0.1", "example.com", "10.0.0.0/", "10.0.0.0/x", "::1/129", "1.2.3/8"})
  void malformedNetworksAreRefusedWithoutANameLookup(String text) {
    assertThrows(IllegalArgumentException.class, () -> NetworkSyntax.cidr(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.255.0.9", "::1", "0:0:0:0:0:0:0:1"})
  void loopbackHostsAreRecognisedWithoutALookup(String host) {
    assertTrue(NetworkSyntax.isLoopback(host));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "2001:db8::1", "localhost.example.com", "mail"})
  void otherHostsAreNotLoopback(String host) {
    assertFalse(NetworkSyntax.isLoopback(host));
  }
}
