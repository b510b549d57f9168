package io.poolrelay.server.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 as the PEM files a listener's {@code tls:} section names:
 * keytool makes the key pair (the JDK has no public API for issuing certificates) and the PKCS#8 key
 * is written from the key store, so no openssl is needed.
 */
public record PemIdentity(Path certificate, Path key, X509Certificate x509) {

  private static final String PASSWORD = "test-only";
  private static final Duration KEYTOOL_DEADLINE = Duration.ofSeconds(60);

  /** {@code algorithm}: RSA or EC. */
  public static PemIdentity generate(Path directory, String algorithm) throws IOException, GeneralSecurityException,
      InterruptedException {
    Path store = directory.resolve("identity-" + algorithm + ".p12");
    Path log = directory.resolve("keytool-" + algorithm + ".log");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "relay",
            "-keyalg", algorithm, "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
            "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    if (!process.waitFor(KEYTOOL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IOException("keytool did not finish within " + KEYTOOL_DEADLINE);
    }
    if (process.exitValue() != 0) {
      throw new IOException("keytool failed: " + Files.readString(log));
    }
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, PASSWORD.toCharArray());
    }
    X509Certificate x509 = (X509Certificate) keyStore.getCertificate("relay");
    PrivateKey privateKey = (PrivateKey) keyStore.getKey("relay", PASSWORD.toCharArray());
    Path certificate = directory.resolve("fullchain-" + algorithm + ".pem");
    Path key = directory.resolve("privkey-" + algorithm + ".pem");
    Files.writeString(certificate, pem("CERTIFICATE", x509.getEncoded()), StandardCharsets.US_ASCII);
    // PrivateKey.getEncoded() is PKCS#8 DER: exactly what "BEGIN PRIVATE KEY" holds.
    Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()), StandardCharsets.US_ASCII);
    return new PemIdentity(certificate, key, x509);
  }

  public static String pem(String type, byte[] der) {
    Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    return "-----BEGIN " + type + "-----\n" + encoder.encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  /** A client context that trusts this certificate only. */
  public SSLContext clientContext() throws GeneralSecurityException, IOException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("relay", x509);
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    return context;
  }
}
