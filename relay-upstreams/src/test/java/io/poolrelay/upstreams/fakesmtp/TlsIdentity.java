package io.poolrelay.upstreams.fakesmtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed key pair for {@code localhost} and {@code 127.0.0.1}, made by the JDK's keytool
 * because the JDK has no public API for issuing certificates.
 */
final class TlsIdentity {

  private static final String ALIAS = "fakesmtp";
  private static final Duration KEYTOOL_DEADLINE = Duration.ofSeconds(60);

  private final Path directory;
  private final X509Certificate certificate;
  private final Path pem;
  private final SSLContext serverContext;

  private TlsIdentity(Path directory, X509Certificate certificate, Path pem, SSLContext serverContext) {
    this.directory = directory;
    this.certificate = certificate;
    this.pem = pem;
    this.serverContext = serverContext;
  }

  static TlsIdentity generate() throws IOException, GeneralSecurityException {
    Path directory = Files.createTempDirectory("fakesmtp-tls-");
    Path keyStoreFile = directory.resolve("server.p12");
    byte[] secret = new byte[12];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Path log = directory.resolve("keytool.log");
    Process process = new ProcessBuilder(List.of(
            keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048",
            "-validity", "7", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
            "-storetype", "PKCS12", "-keystore", keyStoreFile.toString(),
            "-storepass", password, "-keypass", password))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      if (!process.waitFor(KEYTOOL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException("fakesmtp: keytool did not finish within " + KEYTOOL_DEADLINE);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("fakesmtp: interrupted while waiting for keytool", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException("fakesmtp: keytool failed with exit code " + process.exitValue() + ": "
          + Files.readString(log, StandardCharsets.UTF_8).strip());
    }

    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStoreFile)) {
      keyStore.load(in, password.toCharArray());
    }
    X509Certificate certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
    Path pem = directory.resolve("server.pem");
    Files.writeString(pem, toPem(certificate), StandardCharsets.US_ASCII);

    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keyStore, password.toCharArray());
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(keyManagers.getKeyManagers(), null, null);
    return new TlsIdentity(directory, certificate, pem, serverContext);
  }

  X509Certificate certificate() {
    return certificate;
  }

  Path pem() {
    return pem;
  }

  SSLContext serverContext() {
    return serverContext;
  }

  /** A key store holding only the certificate, as a trusted entry: what a client needs to trust the fake. */
  KeyStore trustStore() throws GeneralSecurityException, IOException {
    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry(ALIAS, certificate);
    return trustStore;
  }

  SSLContext clientContext() throws GeneralSecurityException, IOException {
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trustStore());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    return context;
  }

  void deleteFiles() {
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // A temp directory left behind is harmless, and close() must not fail a test over it.
    }
  }

  static String toPem(X509Certificate certificate) throws GeneralSecurityException {
    Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    return "-----BEGIN CERTIFICATE-----\n"
        + encoder.encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }
}
