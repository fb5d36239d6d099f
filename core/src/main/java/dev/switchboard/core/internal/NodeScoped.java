package dev.switchboard.core.internal;

import io.vertx.core.Closeable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One value per Vert.x instance, shared by its users: the first {@link #acquire} opens it, each
 * {@link #release} gives one use back, and the last release closes it. The node-wide objects of
 * the modules (the channel node, the gateway node, the business nodes) live in one of these
 * rather than in a static map each.
 *
 * <p>When the Vert.x instance closes while the value is held, a close hook on the instance (run
 * before Vert.x undeploys its verticles) ends it as {@link OnVertxClose} says: forgotten, or
 * closed. Either way the registry holds nothing of a closed Vert.x instance, and the releases that
 * come after do nothing.
 *
 * <p>A failed open is forgotten at once: the acquirers that share it get its failure (and need
 * not release), the next acquire opens anew. A release while the open still runs closes the value
 * once it is open.
 *
 * <p>Threading: every method from any thread. The table is guarded by one lock; the open function
 * runs under it (it must only start the work and return its future), the close function outside.
 *
 * @param <T> the value
 */
public final class NodeScoped<T> {

  /** What happens to a value still held when its Vert.x instance closes. */
  public enum OnVertxClose {
    /**
     * Forget it without closing it: for a value Vert.x ends itself (a verticle deployed for it,
     * which Vert.x undeploys with the others).
     */
    FORGET,
    /** Close it, in the close hook: before Vert.x undeploys its verticles. */
    CLOSE
  }

  /** The value of one Vert.x instance. */
  private static final class Entry<T> {
    int users;
    Future<T> value;
    Closeable hook;
  }

  private final Function<Vertx, Future<T>> open;
  private final Function<T, Future<Void>> close;
  private final OnVertxClose onVertxClose;
  private final Map<Vertx, Entry<T>> entries = new HashMap<>();

  /**
   * @param open         opens the value of a Vert.x instance (called under the lock: start the
   *                     work, return its future)
   * @param close        closes a value (after the last release, or as {@code onVertxClose} says)
   * @param onVertxClose what happens to a value still held when its Vert.x instance closes
   */
  public NodeScoped(Function<Vertx, Future<T>> open, Function<T, Future<Void>> close,
      OnVertxClose onVertxClose) {
    this.open = Objects.requireNonNull(open, "open");
    this.close = Objects.requireNonNull(close, "close");
    this.onVertxClose = Objects.requireNonNull(onVertxClose, "onVertxClose");
  }

  /**
   * Takes one use of the value of a Vert.x instance, opening it on first use.
   *
   * @param vertx the Vert.x instance
   * @return a future completed with the value once open (at once when it is)
   */
  public Future<T> acquire(Vertx vertx) {
    return acquire(vertx, open);
  }

  /**
   * Takes one use of the value of a Vert.x instance, opening it with {@code opener} when this call
   * is the first use.
   *
   * @param vertx  the Vert.x instance
   * @param opener opens the value when no value is open (called under the lock)
   * @return a future completed with the value once open; the value opened by an earlier call when
   *     there is one (whatever {@code opener} would make)
   */
  public Future<T> acquire(Vertx vertx, Function<Vertx, Future<T>> opener) {
    Entry<T> entry;
    synchronized (entries) {
      entry = entries.get(vertx);
      if (entry != null) {
        entry.users++;
        return entry.value;
      }
      entry = new Entry<>();
      entry.users = 1;
      entries.put(vertx, entry);
      Entry<T> opened = entry;
      opened.hook = completion -> onVertxClose(vertx, opened).onComplete(completion);
      // Vert.x has no public close hook; this is the one its own shared resources use, and it
      // runs before Vert.x undeploys the verticles
      ((VertxInternal) vertx).addCloseHook(opened.hook);
      try {
        opened.value = opener.apply(vertx);
      } catch (RuntimeException e) {
        opened.value = Future.failedFuture(e);
      }
    }
    Entry<T> opening = entry;
    return opening.value.onFailure(e -> forget(vertx, opening));
  }

  /**
   * Gives back one use of the value of a Vert.x instance; the last use closes it.
   *
   * @param vertx the Vert.x instance
   * @return a future completed when released: for the last use, once the value is closed
   */
  public Future<Void> release(Vertx vertx) {
    Entry<T> entry;
    synchronized (entries) {
      entry = entries.get(vertx);
      if (entry == null || --entry.users > 0) {
        return Future.succeededFuture();
      }
      entries.remove(vertx);
    }
    ((VertxInternal) vertx).removeCloseHook(entry.hook); // see acquire
    return closeWhenOpen(entry);
  }

  /**
   * @param vertx a Vert.x instance
   * @return its value when one is open, else null (takes no use)
   */
  public T current(Vertx vertx) {
    synchronized (entries) {
      Entry<T> entry = entries.get(vertx);
      return entry != null && entry.value.succeeded() ? entry.value.result() : null;
    }
  }

  /**
   * @param vertx a Vert.x instance
   * @return the uses of its value held now (0 when none is open)
   */
  public int users(Vertx vertx) {
    synchronized (entries) {
      Entry<T> entry = entries.get(vertx);
      return entry == null ? 0 : entry.users;
    }
  }

  /**
   * Forgets the value of a Vert.x instance without closing it, when it ended by itself (its
   * verticle was undeployed); later releases do nothing and the next acquire opens anew.
   *
   * @param vertx the Vert.x instance
   * @param value the value that ended
   */
  public void forget(Vertx vertx, T value) {
    Entry<T> entry;
    synchronized (entries) {
      entry = entries.get(vertx);
      if (entry == null || !entry.value.succeeded() || entry.value.result() != value) {
        return;
      }
      entries.remove(vertx);
    }
    ((VertxInternal) vertx).removeCloseHook(entry.hook); // see acquire
  }

  private void forget(Vertx vertx, Entry<T> failed) {
    synchronized (entries) {
      if (!entries.remove(vertx, failed)) {
        return;
      }
    }
    ((VertxInternal) vertx).removeCloseHook(failed.hook); // see acquire
  }

  private Future<Void> onVertxClose(Vertx vertx, Entry<T> entry) {
    synchronized (entries) {
      if (!entries.remove(vertx, entry)) {
        return Future.succeededFuture(); // released or forgotten meanwhile
      }
    }
    return onVertxClose == OnVertxClose.CLOSE ? closeWhenOpen(entry) : Future.succeededFuture();
  }

  private Future<Void> closeWhenOpen(Entry<T> entry) {
    return entry.value.transform(ar -> ar.succeeded() ? close.apply(ar.result())
        : Future.succeededFuture());
  }
}
