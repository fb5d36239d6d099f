package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.server.ChannelServerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * The checks a channel server makes before it listens (a protected mode, as Redis has): the
 * options must not expose an anonymous channel space beyond the machine unless they say
 * {@code "insecure": true}.
 *
 * <p>Threading: the name look-up runs on a worker thread; the future completes on the caller's
 * context.
 */
final class ListenCheck {

  private static final Logger LOG = LoggerFactory.getLogger(ListenCheck.class);

  private ListenCheck() {
  }

  /**
   * @param vertx   the node
   * @param options the server's options
   * @return a future failed with an {@link IllegalArgumentException} giving the reason when the
   *     server must not listen
   */
  static Future<Void> check(Vertx vertx, ChannelServerOptions options) {
    String host = options.getHost();
    return vertx.executeBlocking(() -> loopback(host), false).compose(loopback -> {
      try {
        options.checkListen(loopback);
      } catch (IllegalArgumentException e) {
        LOG.error("Channel server not started: {}", e.getMessage());
        return Future.failedFuture(e);
      }
      if (!loopback && options.getToken() == null) {
        LOG.warn("Channel server on {} accepts anonymous clients from any host that reaches it "
            + "(\"insecure\": true)", host);
      }
      return Future.succeededFuture();
    });
  }

  /**
   * @param host a listen host
   * @return whether every address it names is a loopback one ({@code 0.0.0.0} is not)
   */
  static boolean loopback(String host) {
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      return Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
    } catch (java.net.UnknownHostException e) {
      return false; // the listen fails anyway; never taken for loopback
    }
  }
}
