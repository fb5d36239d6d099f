package dev.switchboard.core.internal;

import io.vertx.core.internal.net.StreamChannelInternal;
import io.vertx.core.net.NetSocket;

/**
 * Aborting a connection. {@link NetSocket#close()} closes only after pending writes are flushed,
 * which never happens when the peer has stopped reading; a slow-consumer disconnect must discard
 * them. Vert.x has no public call for that, so this one class reaches the Netty channel through
 * Vert.x's internal API, falling back to a plain close.
 *
 * <p>Threading: call on the socket's context.
 */
public final class Sockets {

  private Sockets() {
  }

  /**
   * Closes the connection now, discarding writes not yet handed to the OS (their futures fail).
   *
   * @param socket the connection
   */
  public static void abort(NetSocket socket) {
    // no public call closes without flushing first: Netty's channel via StreamChannelInternal
    if (socket instanceof StreamChannelInternal internal) {
      // from the Vert.x handler's context outwards: skips its graceful close-after-flush
      internal.channelHandlerContext().close();
    } else {
      socket.close();
    }
  }
}
