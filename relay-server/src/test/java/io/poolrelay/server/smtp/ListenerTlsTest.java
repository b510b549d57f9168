package io.poolrelay.server.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.model.ListenerTlsConfig;
import io.poolrelay.server.it.PemIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the listener's PEM files: what loads, and what fails startup with a message naming the file. */
class ListenerTlsTest {

  @TempDir
  static Path dir;

  private static PemIdentity rsa;
  private static PemIdentity ec;

  @BeforeAll
  static void makeIdentities() throws Exception {
    rsa = PemIdentity.generate(dir, "RSA");
    ec = PemIdentity.generate(dir, "EC");
  }

  @Test
  void rsaAndEcIdentitiesLoad() {
    assertDoesNotThrow(() -> ListenerTls.load("submission", new ListenerTlsConfig(rsa.certificate(), rsa.key())));
    assertDoesNotThrow(() -> ListenerTls.load("submission", new ListenerTlsConfig(ec.certificate(), ec.key())));
  }

  @Test
  void pkcs1KeyFailsWithTheConversionCommand() throws Exception {
    Path key = Files.writeString(dir.resolve("rsa-pkcs1.pem"),
        "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK=\n-----END RSA PRIVATE KEY-----\n");

    IOException e = assertThrows(IOException.class,
        () -> ListenerTls.load("submission", new ListenerTlsConfig(rsa.certificate(), key)));

    assertTrue(e.getMessage().startsWith("listener submission: tls.key " + key + " "), e.getMessage());
    assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
  }

  @Test
  void keyOfAnotherCertificateFailsStartup() {
    IOException e = assertThrows(IOException.class,
        () -> ListenerTls.load("submission", new ListenerTlsConfig(ec.certificate(), rsa.key())));

    assertTrue(e.getMessage().contains("does not belong to the first certificate in " + ec.certificate()),
        e.getMessage());
  }

  @Test
  void certificateFileWithoutAPemCertificateIsNamed() throws Exception {
    Path certificate = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");

    IOException e = assertThrows(IOException.class,
        () -> ListenerTls.load("submission", new ListenerTlsConfig(certificate, rsa.key())));

    assertTrue(e.getMessage().startsWith("listener submission: tls.certificate " + certificate), e.getMessage());
  }

  @Test
  void serverSocketsOfferOnlyTls12AndTls13() throws Exception {
    ListenerTls tls = ListenerTls.load("submission", new ListenerTlsConfig(rsa.certificate(), rsa.key()));
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket accepted = server.accept();
        SSLSocket wrapped = tls.createSSLSocket(accepted)) {
      assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, wrapped.getEnabledProtocols());
    }
  }
}
