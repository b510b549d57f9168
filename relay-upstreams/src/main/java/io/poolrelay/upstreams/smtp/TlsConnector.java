package io.poolrelay.upstreams.smtp;

import io.poolrelay.config.model.SmtpUpstreamConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Turns a connected socket into a TLS client socket for one upstream: the JVM's trust anchors, or
 * only those of {@code ca_file}, and the host name checked as for HTTPS (RFC 6125) unless
 * {@code tls_verify} is off.
 *
 * <p>A {@code ca_file} that can't be read doesn't stop the relay from starting: every handshake
 * then fails with the reason, so {@code test-upstream} and the deferral text both show it.
 */
final class TlsConnector {

  private final SSLSocketFactory factory;
  private final String unusableReason;
  private final boolean verify;

  private TlsConnector(SSLSocketFactory factory, String unusableReason, boolean verify) {
    this.factory = factory;
    this.unusableReason = unusableReason;
    this.verify = verify;
  }

  static TlsConnector forConfig(SmtpUpstreamConfig config) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager[] trust;
      if (!config.tlsVerify()) {
        trust = new TrustManager[] {new TrustEverything()};
      } else if (config.caFile().isPresent()) {
        trust = trustOnly(config.caFile().get());
      } else {
        trust = null;
      }
      context.init(null, trust, null);
      return new TlsConnector(context.getSocketFactory(), null, config.tlsVerify());
    } catch (GeneralSecurityException | IOException e) {
      return new TlsConnector(null, Replies.reason(e), config.tlsVerify());
    }
  }

  /**
   * Runs the handshake over {@code plain} (which must already have its read timeout set).
   *
   * @throws IOException when the handshake or the certificate check fails, or the trust anchors were unusable
   */
  SSLSocket handshake(Socket plain, String host, int port) throws IOException {
    if (factory == null) {
      throw new IOException(unusableReason);
    }
    SSLSocket socket = (SSLSocket) factory.createSocket(plain, host, port, true);
    socket.setUseClientMode(true);
    if (verify) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
    }
    socket.startHandshake();
    return socket;
  }

  private static TrustManager[] trustOnly(Path caFile) throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(caFile)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IOException("cannot read ca_file " + caFile + ": " + Replies.reason(e), e);
    }
    if (certificates.isEmpty()) {
      throw new IOException("ca_file " + caFile + " holds no PEM certificate");
    }
    KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
    anchors.load(null, null);
    int n = 0;
    for (Certificate certificate : certificates) {
      anchors.setCertificateEntry("ca-" + n++, certificate);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(anchors);
    return factory.getTrustManagers();
  }

  /** For {@code tls_verify: false}: encryption without authentication, as the operator chose. */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
