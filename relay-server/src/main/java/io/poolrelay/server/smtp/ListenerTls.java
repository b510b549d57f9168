package io.poolrelay.server.smtp;

import io.poolrelay.config.model.ListenerTlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.subethamail.smtp.server.SSLSocketCreator;

/**
 * A listener's TLS identity, read from the configured PEM files when the listener starts, and the
 * server side of STARTTLS: TLS 1.2 and 1.3 only, the JDK's default cipher suites.
 *
 * <p>The library's own {@code startTlsSocketFactory(SSLContext)} enables every protocol the JDK
 * supports and looks up the client's host name in DNS for each handshake, hence this creator.
 */
final class ListenerTls implements SSLSocketCreator {

  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final String CONVERT =
      "convert it with: openssl pkcs8 -topk8 -nocrypt -in OLD.pem -out NEW.pem";

  private final SSLContext context;

  private ListenerTls(SSLContext context) {
    this.context = context;
  }

  /** Reads the PEM files; every problem is an IOException naming the listener and the file. */
  static ListenerTls load(String listenerName, ListenerTlsConfig config) throws IOException {
    String where = "listener " + listenerName + ": ";
    List<X509Certificate> chain = certificates(where, config.certificate());
    PrivateKey key = privateKey(where, config.key());
    try {
      checkPair(chain.get(0), key);
    } catch (GeneralSecurityException e) {
      throw new IOException(where + "tls.key " + config.key() + " does not belong to the first certificate in "
          + config.certificate() + " (" + e.getMessage() + ")");
    }
    try {
      return new ListenerTls(sslContext(chain, key));
    } catch (GeneralSecurityException e) {
      throw new IOException(where + "cannot set up TLS with " + config.certificate() + " and " + config.key()
          + ": " + e, e);
    }
  }

  private static List<X509Certificate> certificates(String where, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast)
          .toList();
      if (chain.isEmpty()) {
        throw new IOException(where + "tls.certificate " + file + " holds no PEM certificate");
      }
      return chain;
    } catch (GeneralSecurityException e) {
      throw new IOException(where + "tls.certificate " + file
          + " is not a PEM certificate chain (leaf first, then the chain): " + e.getMessage());
    }
  }

  private static PrivateKey privateKey(String where, Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher pem = PKCS8.matcher(text);
    if (!pem.find()) {
      String found = text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")
          ? "holds a PKCS#1/SEC1 key; " + CONVERT
          : text.contains("BEGIN ENCRYPTED PRIVATE KEY")
              ? "holds an encrypted key; the relay needs it unencrypted: openssl pkcs8 -topk8 -nocrypt"
                  + " -in OLD.pem -out NEW.pem (keep the file readable only by the relay)"
              : "holds no \"BEGIN PRIVATE KEY\" block (PKCS#8); " + CONVERT;
      throw new IOException(where + "tls.key " + file + " " + found);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.group(1));
    } catch (IllegalArgumentException e) {
      throw new IOException(where + "tls.key " + file + " is not valid base64 inside its PEM block");
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    Arrays.fill(der, (byte) 0);
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException e) {
        // Not this algorithm; try the next.
      } catch (GeneralSecurityException e) {
        throw new IOException(where + "tls.key " + file + ": " + e.getMessage(), e);
      }
    }
    throw new IOException(where + "tls.key " + file + " is neither an RSA nor an EC private key");
  }

  /** Signs and verifies a probe, so a key that does not match the certificate fails at startup, not per client. */
  private static void checkPair(X509Certificate leaf, PrivateKey key) throws GeneralSecurityException {
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] probe = "poolrelay key check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(leaf.getPublicKey());
    verifier.update(probe);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException("signature check failed");
    }
  }

  private static SSLContext sslContext(List<X509Certificate> chain, PrivateKey key)
      throws GeneralSecurityException, IOException {
    // The key store lives only in memory; its password protects nothing and only has to match.
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    char[] password = HexFormat.of().formatHex(random).toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("listener", key, password, chain.toArray(new Certificate[0]));
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, null);
    return context;
  }

  @Override
  public SSLSocket createSSLSocket(Socket socket) throws IOException {
    InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
    // getHostString: no reverse DNS lookup for each client.
    SSLSocket tls = (SSLSocket) context.getSocketFactory()
        .createSocket(socket, remote.getHostString(), socket.getPort(), true);
    tls.setUseClientMode(false);
    tls.setEnabledProtocols(PROTOCOLS.stream()
        .filter(List.of(tls.getSupportedProtocols())::contains)
        .toArray(String[]::new));
    return tls;
  }
}
