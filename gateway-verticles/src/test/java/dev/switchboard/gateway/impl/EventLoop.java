package dev.switchboard.gateway.impl;

import dev.switchboard.testkit.Await;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Consumer;

/**
 * A real Vert.x event loop for unit tests of the classes that live on one (connections): runs a
 * script there and waits for it.
 */
final class EventLoop implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();

  /**
   * Runs a script on an event-loop context and waits for it (at most Await's bound).
   *
   * @param script what to do, given the context
   */
  void run(Consumer<Context> script) {
    Context context = vertx.getOrCreateContext();
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      try {
        script.accept(context);
        done.complete();
      } catch (Throwable e) {
        done.fail(e);
      }
    });
    Await.result(done.future());
  }

  @Override
  public void close() {
    Await.result(vertx.close());
  }
}
