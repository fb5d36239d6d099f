package dev.switchboard.core.internal;

import dev.switchboard.core.internal.NodeScoped.OnVertxClose;
import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle of a node-scoped value, as transcripts of what its open and close functions saw:
 * shared opens, reference-counted closes, concurrent acquires, a Vert.x instance closed while the
 * value is held, and an open that fails.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeScopedTest {

  private final List<String> transcript = new CopyOnWriteArrayList<>();
  private final AtomicInteger opened = new AtomicInteger();
  private final List<Vertx> instances = new ArrayList<>();

  @AfterEach
  void closeVertx() {
    instances.forEach(vertx -> Await.result(vertx.close()));
  }

  private Vertx vertx() {
    Vertx vertx = Vertx.vertx();
    instances.add(vertx);
    return vertx;
  }

  /** A value that is a name; its open and close are written to the transcript. */
  private NodeScoped<String> scoped(OnVertxClose onVertxClose) {
    return new NodeScoped<>(vertx -> {
      String value = "value-" + opened.incrementAndGet();
      transcript.add("open " + value);
      return Future.succeededFuture(value);
    }, value -> {
      transcript.add("close " + value);
      return Future.succeededFuture();
    }, onVertxClose);
  }

  @Test
  void usersShareOneValueAndTheLastReleaseClosesIt() {
    Vertx vertx = vertx();
    NodeScoped<String> scoped = scoped(OnVertxClose.FORGET);

    assertThat(scoped.current(vertx)).isNull();
    assertThat(Await.result(scoped.acquire(vertx))).isEqualTo("value-1");
    assertThat(Await.result(scoped.acquire(vertx))).isEqualTo("value-1");
    assertThat(scoped.users(vertx)).isEqualTo(2);
    assertThat(transcript).containsExactly("open value-1");

    Await.result(scoped.release(vertx));
    assertThat(transcript).containsExactly("open value-1");
    assertThat(scoped.current(vertx)).isEqualTo("value-1");

    Await.result(scoped.release(vertx));
    assertThat(transcript).containsExactly("open value-1", "close value-1");
    assertThat(scoped.current(vertx)).isNull();
    assertThat(scoped.users(vertx)).isZero();

    Await.result(scoped.release(vertx)); // one release too many: nothing
    assertThat(Await.result(scoped.acquire(vertx))).isEqualTo("value-2");
    assertThat(transcript).containsExactly("open value-1", "close value-1", "open value-2");
  }

  @Test
  void eachVertxInstanceHasItsOwnValue() {
    Vertx one = vertx();
    Vertx two = vertx();
    NodeScoped<String> scoped = scoped(OnVertxClose.FORGET);

    assertThat(Await.result(scoped.acquire(one))).isEqualTo("value-1");
    assertThat(Await.result(scoped.acquire(two))).isEqualTo("value-2");
    Await.result(scoped.release(one));
    assertThat(transcript).containsExactly("open value-1", "open value-2", "close value-1");
    assertThat(scoped.current(two)).isEqualTo("value-2");
  }

  @Test
  void concurrentAcquiresOpenOnce() throws Exception {
    Vertx vertx = vertx();
    NodeScoped<String> scoped = scoped(OnVertxClose.FORGET);
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> acquired = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int i = 0; i < threads; i++) {
        pool.execute(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          acquired.add(scoped.acquire(vertx));
        });
      }
      start.countDown();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(acquired).hasSize(threads);
    acquired.forEach(future -> assertThat(Await.result(future)).isEqualTo("value-1"));
    assertThat(scoped.users(vertx)).isEqualTo(threads);
    for (int i = 0; i < threads; i++) {
      Await.result(scoped.release(vertx));
    }
    assertThat(transcript).containsExactly("open value-1", "close value-1");
  }

  @Test
  void aReleaseWhileTheOpenRunsClosesTheValueOnceOpen() {
    Vertx vertx = vertx();
    Promise<String> opening = Promise.promise();
    NodeScoped<String> scoped = new NodeScoped<>(v -> {
      transcript.add("open");
      return opening.future();
    }, value -> {
      transcript.add("close " + value);
      return Future.succeededFuture();
    }, OnVertxClose.FORGET);

    Future<String> acquired = scoped.acquire(vertx);
    Future<Void> released = scoped.release(vertx);
    assertThat(released.isComplete()).isFalse();
    assertThat(transcript).containsExactly("open");

    opening.complete("late");
    Await.result(released);
    assertThat(Await.result(acquired)).isEqualTo("late");
    assertThat(transcript).containsExactly("open", "close late");
  }

  @Test
  void aFailedOpenIsForgottenAndTheNextAcquireOpensAnew() {
    Vertx vertx = vertx();
    AtomicInteger attempts = new AtomicInteger();
    NodeScoped<String> scoped = new NodeScoped<>(v -> {
      int attempt = attempts.incrementAndGet();
      transcript.add("open " + attempt);
      if (attempt == 1) {
        return Future.failedFuture("refused");
      }
      if (attempt == 2) {
        throw new IllegalStateException("thrown");
      }
      return Future.succeededFuture("value-" + attempt);
    }, value -> {
      transcript.add("close " + value);
      return Future.succeededFuture();
    }, OnVertxClose.FORGET);

    assertThat(Await.failure(scoped.acquire(vertx))).hasMessage("refused");
    assertThat(scoped.users(vertx)).isZero();
    assertThat(scoped.current(vertx)).isNull();
    assertThat(Await.failure(scoped.acquire(vertx))).hasMessage("thrown");
    assertThat(scoped.users(vertx)).isZero();

    assertThat(Await.result(scoped.acquire(vertx))).isEqualTo("value-3");
    Await.result(scoped.release(vertx));
    assertThat(transcript).containsExactly("open 1", "open 2", "open 3", "close value-3");
  }

  @Test
  void vertxClosedWhileHeldForgetsTheValueWithoutClosingIt() {
    Vertx vertx = Vertx.vertx();
    NodeScoped<String> scoped = scoped(OnVertxClose.FORGET);
    Await.result(scoped.acquire(vertx));
    Await.result(scoped.acquire(vertx));

    Await.result(vertx.close());
    assertThat(scoped.current(vertx)).isNull();
    assertThat(scoped.users(vertx)).isZero();
    Await.result(scoped.release(vertx)); // a holder's release after the close: nothing
    Await.result(scoped.release(vertx));
    assertThat(transcript).containsExactly("open value-1");
  }

  @Test
  void vertxClosedWhileHeldClosesTheValueBeforeItsVerticlesStop() {
    Vertx vertx = Vertx.vertx();
    NodeScoped<String> scoped = scoped(OnVertxClose.CLOSE);
    Await.result(scoped.acquire(vertx));
    Await.result(vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> stop() {
        transcript.add("verticle stopped");
        return Future.succeededFuture();
      }
    }));

    Await.result(vertx.close());
    assertThat(transcript).containsExactly("open value-1", "close value-1", "verticle stopped");
    assertThat(scoped.current(vertx)).isNull();
    Await.result(scoped.release(vertx)); // the holder's release after the close: nothing
    assertThat(transcript).containsExactly("open value-1", "close value-1", "verticle stopped");
  }

  @Test
  void aReleasedValueLeavesNoCloseHookBehind() {
    Vertx vertx = Vertx.vertx();
    NodeScoped<String> scoped = scoped(OnVertxClose.CLOSE);
    Await.result(scoped.acquire(vertx));
    Await.result(scoped.release(vertx));

    Await.result(vertx.close());
    assertThat(transcript).containsExactly("open value-1", "close value-1");
  }

  @Test
  void aForgottenValueIsNotClosedByALaterRelease() {
    Vertx vertx = vertx();
    NodeScoped<String> scoped = scoped(OnVertxClose.CLOSE);
    String value = Await.result(scoped.acquire(vertx));

    scoped.forget(vertx, "another value"); // not the current one: ignored
    assertThat(scoped.current(vertx)).isEqualTo(value);
    scoped.forget(vertx, value);
    assertThat(scoped.current(vertx)).isNull();
    Await.result(scoped.release(vertx));
    assertThat(transcript).containsExactly("open value-1");
  }
}
