package dev.switchboard.status;

import dev.switchboard.channel.server.ChannelServer;
import dev.switchboard.channel.server.ChannelServerOptions;
import dev.switchboard.examples.deploy.Certificates;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.status.ToolRun.run;
import static dev.switchboard.status.ToolRun.timed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/channel-status} and a channel server with {@code ssl} on (a certificate for
 * 127.0.0.1 made by {@code bin/make-certs}, and a token), and one without TLS (the same token: it
 * is the channel space's): the status over TLS
 * with the CA given and the token from the environment; each mismatch in one line: TLS to the
 * plain port, no TLS to the TLS port, a CA the server's certificate is not signed by, a host name
 * the certificate does not name (host names are checked).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ChannelStatusTlsIT {

  private static final String TOKEN = "status-tls-token-0123456789";

  @TempDir
  Path dir;
  private ClusterNodes cluster;
  private String tlsPort;
  private String plainPort;
  private Path tls;

  @BeforeEach
  void start() throws Exception {
    tls = dir.resolve("tls");
    Certificates.make(tls, "sb1");
    cluster = ClusterNodes.start(1);
    ChannelServer secure = ChannelServer.create(cluster.vertx(0), new ChannelServerOptions()
        .setPort(0).setToken(TOKEN).setSsl(true)
        .setPemKeyPath(tls.resolve("sb1.key").toString())
        .setPemCertPath(tls.resolve("sb1.pem").toString()));
    Await.result(secure.listen());
    tlsPort = String.valueOf(secure.actualPort());
    ChannelServer plain = ChannelServer.create(cluster.vertx(0), new ChannelServerOptions()
        .setPort(0).setToken(TOKEN)); // one token per channel space
    Await.result(plain.listen());
    plainPort = String.valueOf(plain.actualPort());
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void theStatusOverTlsWithTheCaAndTheTokenFromTheEnvironment() throws Exception {
    ToolRun status = run("channel-status", Map.of(ChannelStatus.TOKEN_VARIABLE, TOKEN),
        "127.0.0.1:" + tlsPort, "--ca", tls.resolve("ca.pem").toString());
    assertThat(status.exit()).as(status.output()).isZero();
    assertThat(new JsonObject(status.output()).getString("node")).isNotBlank();

    ToolRun noToken = timed("channel-status", Map.of(), tlsPort, "--ca",
        tls.resolve("ca.pem").toString());
    assertThat(noToken.exit()).isEqualTo(1);
    assertThat(noToken.output()).contains("AUTH_REQUIRED", ChannelStatus.TOKEN_VARIABLE);
  }

  @Test
  void plainToTheTlsPortIsOneLine() throws Exception {
    ToolRun run = timed("channel-status", Map.of(ChannelStatus.TOKEN_VARIABLE, TOKEN), tlsPort);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output().strip()).isEqualTo("channel-status: 127.0.0.1:" + tlsPort
        + " speaks TLS (a channel server with ssl on): add --tls, and --ca with the CA of its"
        + " certificate");
  }

  @Test
  void tlsToThePlainPortIsOneLine() throws Exception {
    ToolRun run = timed("channel-status", Map.of(), plainPort, "--tls");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output().strip()).startsWith("channel-status: 127.0.0.1:" + plainPort
        + ": no TLS there (the TLS handshake failed: ")
        .endsWith("): a channel server without ssl is asked without --tls");
  }

  @Test
  void anUntrustedCertificateOrAnotherHostNameIsOneLine() throws Exception {
    Path other = dir.resolve("other");
    Certificates.make(other, "elsewhere"); // another CA
    ToolRun untrusted = timed("channel-status", Map.of(ChannelStatus.TOKEN_VARIABLE, TOKEN),
        tlsPort, "--ca", other.resolve("ca.pem").toString());
    assertThat(untrusted.exit()).isEqualTo(1);
    assertThat(untrusted.output().strip()).startsWith("channel-status: 127.0.0.1:" + tlsPort
        + ": TLS: the server's certificate is not trusted or does not name 127.0.0.1 (")
        .endsWith("); give the CA that signed it with --ca (not " + other.resolve("ca.pem")
            + ")");

    ToolRun jvmTrust = timed("channel-status", Map.of(ChannelStatus.TOKEN_VARIABLE, TOKEN),
        tlsPort, "--tls");
    assertThat(jvmTrust.exit()).isEqualTo(1);
    assertThat(jvmTrust.output()).contains("TLS: the server's certificate is not trusted");

    // the certificate names IP 127.0.0.1 only: localhost is refused, though it is the same host
    ToolRun otherName = timed("channel-status", Map.of(ChannelStatus.TOKEN_VARIABLE, TOKEN),
        "localhost:" + tlsPort, "--ca", tls.resolve("ca.pem").toString());
    assertThat(otherName.exit()).isEqualTo(1);
    assertThat(otherName.output().strip()).startsWith("channel-status: localhost:" + tlsPort
        + ": TLS: the server's certificate is not trusted or does not name localhost (");
  }
}
