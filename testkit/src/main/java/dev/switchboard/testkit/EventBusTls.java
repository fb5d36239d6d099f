package dev.switchboard.testkit;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS of a node's clustered event bus with client certificates (PEM files, such as those
 * {@code bin/make-certs} writes): the node presents {@code certificate} and {@code key} both as a
 * server and as a client, and accepts only peers whose certificate {@code trustedCa} signed, in
 * both directions: as a server ({@link ClientAuth#REQUIRED}) and as a client (trust-all off).
 *
 * <p>Immutable; safe from any thread.
 *
 * @param certificate the node's certificate chain (PEM)
 * @param key         the node's private key (PEM, PKCS#8 or PKCS#1)
 * @param trustedCa   the certificate(s) of the authority whose nodes this one talks to (PEM)
 */
public record EventBusTls(Path certificate, Path key, Path trustedCa) {

  /**
   * @throws NullPointerException when a path is null
   */
  public EventBusTls {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(trustedCa, "trustedCa");
  }

  /**
   * The files {@code bin/make-certs DIR NODE} writes for one node: {@code DIR/NODE.pem},
   * {@code DIR/NODE.key} and the authority {@code DIR/ca.pem}.
   *
   * @param dir  the directory given to {@code bin/make-certs}
   * @param node the node name given to it
   * @return the node's TLS settings
   */
  public static EventBusTls ofMakeCerts(Path dir, String node) {
    return new EventBusTls(dir.resolve(node + ".pem"), dir.resolve(node + ".key"),
        dir.resolve("ca.pem"));
  }

  /**
   * Turns TLS with required client certificates on in {@code options}.
   *
   * @param options the event-bus options of a node
   * @return {@code options}, changed
   */
  public EventBusOptions applyTo(EventBusOptions options) {
    return options.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.toString())
            .setKeyPath(key.toString()))
        .setTrustOptions(new PemTrustOptions().addCertPath(trustedCa.toString()))
        // the event bus trusts every server by default: a node of another authority that
        // registered a consumer would receive this node's messages
        .setTrustAll(false)
        .setClientAuth(ClientAuth.REQUIRED);
  }
}
