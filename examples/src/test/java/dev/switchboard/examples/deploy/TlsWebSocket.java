package dev.switchboard.examples.deploy;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over TLS from a chosen source address (Vert.x's WebSocket client does not
 * bind one), on a JDK {@link SSLSocket} trusting one CA: the handshake and the server's unmasked
 * text frames, enough to see what a browser would get through a proxy. Blocking; one thread.
 */
final class TlsWebSocket implements AutoCloseable {

  private final SSLSocket socket;
  private final DataInputStream in;

  private TlsWebSocket(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
  }

  /**
   * Connects and sends the handshake, with the extra header lines given.
   *
   * @param from    the source address (any of 127.0.0.0/8 on loopback)
   * @param port    the TLS port on 127.0.0.1, whose certificate names IP 127.0.0.1
   * @param caPem   the PEM file of the CA that signed it
   * @param headers extra header lines, each ended by CRLF
   * @return the client, its handshake sent
   */
  static TlsWebSocket open(String from, int port, Path caPem, String headers) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream pem = Files.newInputStream(caPem)) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
          .generateCertificate(pem));
    }
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trustManagers.getTrustManagers(), null);
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(
        InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0);
    socket.setSoTimeout(30_000);
    var parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name 127.0.0.1
    socket.setSSLParameters(parameters);
    byte[] key = new byte[16];
    ThreadLocalRandom.current().nextBytes(key);
    String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
        + Base64.getEncoder().encodeToString(key) + "\r\n" + headers + "\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return new TlsWebSocket(socket);
  }

  /** @return the answer's head (status line and headers), up to its blank line */
  String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head.toString(StandardCharsets.US_ASCII));
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** @return the payload of the next frame the server sends, as UTF-8 */
  String readText() throws IOException {
    int first = in.readUnsignedByte();
    int length = in.readUnsignedByte() & 0x7f; // a server's frames are unmasked
    long size = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
    byte[] payload = new byte[Math.toIntExact(size)];
    in.readFully(payload);
    if ((first & 0x0f) != 0x1) {
      throw new IOException("not a text frame: opcode " + (first & 0x0f));
    }
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
