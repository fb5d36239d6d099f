package dev.switchboard.status;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS side of {@link ChannelProbe} (the JDK's JSSE, for a blocking check): a TLS connection
 * to a channel server with {@code ssl} on, trusting the certificates of a PEM file (a CA, or the
 * server's own certificate) or else the JVM's trust store, the host name checked against the
 * certificate as HTTPS does; and whether a server that did not answer a plain request speaks
 * TLS, for the one line that says so.
 *
 * <p>Threading: blocking; the tool's main thread.
 */
final class ProbeTls {

  /** Thrown by {@link #speaksTls}'s trust manager once the server has shown a certificate. */
  private static final class SawCertificate extends CertificateException {
    private static final long serialVersionUID = 1L;
  }

  private final SSLSocketFactory factory;
  private final Path ca;

  private ProbeTls(SSLSocketFactory factory, Path ca) {
    this.factory = factory;
    this.ca = ca;
  }

  /**
   * @param ca a PEM file of certificates to trust, or null for the JVM's trust store
   * @return TLS as the tool connects with it
   * @throws StatusException when the file cannot be read as PEM certificates
   */
  static ProbeTls trusting(Path ca) throws StatusException {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(
          TrustManagerFactory.getDefaultAlgorithm());
      if (ca == null) {
        trust.init((KeyStore) null);
      } else {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        try (InputStream in = Files.newInputStream(ca)) {
          for (Certificate certificate : CertificateFactory.getInstance("X.509")
              .generateCertificates(in)) {
            store.setCertificateEntry("ca" + n++, certificate);
          }
        }
        if (n == 0) {
          throw new StatusException("--ca " + ca + ": no PEM certificate in it");
        }
        trust.init(store);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return new ProbeTls(context.getSocketFactory(), ca);
    } catch (IOException | GeneralSecurityException e) {
      throw new StatusException("--ca " + ca + ": not a readable PEM certificate file ("
          + e.getMessage() + ")");
    }
  }

  /**
   * Runs the TLS handshake over a connected socket.
   *
   * @return the TLS socket (closing it closes {@code plain})
   * @throws StatusException when the server does not speak TLS or its certificate is not trusted
   *     or does not name the host
   */
  Socket handshake(Socket plain, Address server) throws StatusException, IOException {
    SSLSocket socket = (SSLSocket) factory.createSocket(plain, server.host(), server.port(), true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    try {
      socket.startHandshake();
      return socket;
    } catch (SSLException e) {
      if (cause(e, CertificateException.class)) {
        throw new StatusException(server + ": TLS: the server's certificate is not trusted or"
            + " does not name " + server.host() + " (" + rootMessage(e) + "); give the CA that"
            + " signed it with --ca" + (ca == null ? "" : " (not " + ca + ")"));
      }
      throw noTls(server, e);
    } catch (IOException e) {
      throw noTls(server, e);
    }
  }

  private static StatusException noTls(Address server, IOException e) {
    return new StatusException(server + ": no TLS there (the TLS handshake failed: "
        + rootMessage(e) + "): a channel server without ssl is asked without --tls");
  }

  /**
   * @return whether the server answers a TLS handshake with a certificate (nothing is sent after)
   */
  static boolean speaksTls(Address server, Duration timeout) {
    int bound = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    X509TrustManager sawCertificate = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String type) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String type)
          throws CertificateException {
        throw new SawCertificate(); // enough: it speaks TLS; trust nothing
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {sawCertificate}, null);
      try (Socket plain = new Socket()) {
        plain.connect(new java.net.InetSocketAddress(server.host(), server.port()), bound);
        plain.setSoTimeout(bound);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain,
            server.host(), server.port(), true)) {
          socket.startHandshake();
          return true; // not reached: the trust manager refuses every certificate
        }
      }
    } catch (IOException e) {
      return cause(e, SawCertificate.class);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean cause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }
}
