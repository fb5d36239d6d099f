package dev.switchboard.bench.channel;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

import java.util.ArrayList;
import java.util.List;

/**
 * The load generator's event loops, for placing each client on a chosen one (the cells' fixed
 * placement: the publisher on a loop of its own, subscribers spread over the others).
 *
 * <p>Thread-safe once built: the list is not changed after the constructor.
 */
final class FixedLoops {

  private final VertxInternal vertx;
  private final List<EventLoop> loops = new ArrayList<>();

  /**
   * @param vertx the load generator's Vert.x instance
   */
  FixedLoops(Vertx vertx) {
    // Vert.x internal: no public API lists the event loops or gives a context on a chosen one
    this.vertx = (VertxInternal) vertx;
    for (EventExecutor executor : this.vertx.nettyEventLoopGroup()) {
      loops.add((EventLoop) executor);
    }
  }

  /** @return how many event loops there are */
  int size() {
    return loops.size();
  }

  /**
   * @param index any index: taken modulo the number of loops
   * @return a new context on that event loop
   */
  Context context(int index) {
    return vertx.contextBuilder().withEventLoop(loops.get(index % loops.size())).build();
  }
}
