package dev.switchboard.globaldata;

import dev.switchboard.globaldata.GlobalDataException.Reason;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static dev.switchboard.testkit.Await.failure;
import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link GlobalData} mode must show, on three views of one real cluster.
 * Each test rotates its operations over the views, so a write through one is read through
 * another (the TCK pattern): subclasses say how the views are made.
 */
abstract class GlobalDataContract extends ClusteredTestBase {

  /** Maximum value size of the views, small so the limit is cheap to test. */
  static final int MAX_VALUE_SIZE = 4096;

  /**
   * @return three GlobalData views of one three-member cluster, each on its own Vert.x instance
   */
  abstract List<GlobalData> views() throws Exception;

  /** @return the Vert.x instance of view {@code i}, for timers and callers */
  abstract Vertx vertxOf(int i);

  static GlobalDataOptions options() {
    return new GlobalDataOptions().setMaxValueSize(MAX_VALUE_SIZE);
  }

  @Test
  void writeThroughOneViewIsReadThroughTheOthers() throws Exception {
    List<GlobalData> views = views();
    JsonObject doc = new JsonObject().put("name", "ada").put("tags", new JsonArray().add(1).add("x"));
    List<Object> values = List.of("text", 42, 4_000_000_000L, 2.5, true, doc, new JsonArray().add(doc));
    for (int i = 0; i < values.size(); i++) {
      String key = "k" + i;
      result(views.get(i % 3).set(key, values.get(i)));
      for (GlobalData reader : views) {
        assertThat(result(reader.get(key))).isEqualTo(values.get(i));
        assertThat(result(reader.exists(key))).isTrue();
      }
    }
    assertThat(result(views.get(1).get("absent"))).isNull();
    assertThat(result(views.get(2).exists("absent"))).isFalse();
    assertThat(result(views.get(0).get("k5", JsonObject.class))).isEqualTo(doc);
    assertThat(result(views.get(1).get("k1", Number.class))).isEqualTo(42);
    assertThat(((GlobalDataException) failure(views.get(2).get("k0", Number.class))).reason())
        .isEqualTo(Reason.WRONG_TYPE);
  }

  @Test
  void addStoresOnlyWhenAbsent() throws Exception {
    List<GlobalData> views = views();
    assertThat(result(views.get(0).add("a", "first"))).isTrue();
    assertThat(result(views.get(1).add("a", "second"))).isFalse();
    assertThat(result(views.get(2).get("a"))).isEqualTo("first");
    assertThat(result(views.get(2).delete("a"))).isTrue();
    assertThat(result(views.get(0).delete("a"))).isFalse();
    assertThat(result(views.get(1).add("a", "third"))).isTrue();
    assertThat(result(views.get(0).get("a"))).isEqualTo("third");
  }

  @Test
  void casComparesByValue() throws Exception {
    List<GlobalData> views = views();
    assertThat(result(views.get(0).cas("c", null, new JsonObject().put("a", 1).put("b", 2))))
        .as("expected null means absent").isTrue();
    assertThat(result(views.get(1).cas("c", null, "other"))).isFalse();
    assertThat(result(views.get(1).cas("c", new JsonObject().put("b", 2).put("a", 1L), "v2")))
        .as("other key order and number type, same value").isTrue();
    assertThat(result(views.get(2).cas("c", new JsonObject().put("b", 2).put("a", 1), "v3")))
        .as("stale expected value").isFalse();
    assertThat(result(views.get(0).get("c"))).isEqualTo("v2");
    result(views.get(0).set("n", 1));
    assertThat(result(views.get(1).cas("n", 1.0, 2))).isTrue();
    assertThat(result(views.get(2).cas("n", "2", 3))).as("a string is not a number").isFalse();
    assertThat(result(views.get(2).get("n"))).isEqualTo(2);
  }

  @Test
  void incrementFollowsWorkermanWhereSaneAndFailsOtherwise() throws Exception {
    List<GlobalData> views = views();
    GlobalDataException missing = (GlobalDataException) failure(views.get(0).increment("i", 1));
    assertThat(missing.reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(result(views.get(1).exists("i"))).as("increment does not create").isFalse();
    assertThat(result(views.get(1).incrementOrCreate("i", 5))).isEqualTo(5L);
    assertThat(result(views.get(2).increment("i", -7))).isEqualTo(-2L);
    assertThat(result(views.get(0).increment("i", 0.5))).isEqualTo(-1.5);
    result(views.get(0).set("s", "abc"));
    GlobalDataException text = (GlobalDataException) failure(views.get(1).increment("s", 1));
    assertThat(text.reason()).isEqualTo(Reason.NOT_NUMERIC);
    assertThat(result(views.get(2).get("s"))).as("left unchanged").isEqualTo("abc");
    result(views.get(0).set("max", Long.MAX_VALUE));
    GlobalDataException overflow = (GlobalDataException) failure(views.get(1).increment("max", 1));
    assertThat(overflow.reason()).isEqualTo(Reason.OVERFLOW);
    assertThat(result(views.get(2).get("max"))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void keysSizeAndDelete() throws Exception {
    List<GlobalData> views = views();
    for (int i = 0; i < 50; i++) {
      result(views.get(i % 3).set("key-" + i, i));
    }
    assertThat(result(views.get(0).size())).isEqualTo(50);
    Set<String> keys = result(views.get(1).keys());
    assertThat(keys).hasSize(50).contains("key-0", "key-49");
    assertThat(result(views.get(2).delete("key-7"))).isTrue();
    assertThat(result(views.get(0).size())).isEqualTo(49);
    assertThat(result(views.get(1).get("key-7"))).isNull();
  }

  /**
   * The entry incremented lives 3 s, long enough for the increment to find it on a loaded machine
   * (with 1 s it once expired first); the others 1 s. All must expire within the wait.
   */
  @Test
  void ttlExpiresTheEntryAndIncrementKeepsIt() throws Exception {
    List<GlobalData> views = views();
    result(views.get(0).set("t", 1, Duration.ofSeconds(3)));
    assertThat(result(views.get(1).increment("t", 1))).isEqualTo(2L);
    result(views.get(2).set("forever", "x"));
    assertThat(result(views.get(1).add("t2", "x", Duration.ofSeconds(1)))).isTrue();
    assertThat(result(views.get(2).cas("t3", null, "x", Duration.ofSeconds(1)))).isTrue();
    for (String key : List.of("t", "t2", "t3")) {
      Await.condition(vertxOf(2), 50, () -> views.get(2).exists(key).map(e -> !e));
    }
    assertThat(result(views.get(0).get("forever"))).isEqualTo("x");
  }

  @Test
  void concurrentIncrementsFromEveryViewAddUpExactly() throws Exception {
    List<GlobalData> views = views();
    result(views.get(0).set("counter", 0));
    List<Future<Void>> callers = new ArrayList<>();
    for (int view = 0; view < 3; view++) {
      GlobalData data = views.get(view);
      for (int caller = 0; caller < 4; caller++) {
        callers.add(repeat(vertxOf(view), 1000, () -> data.increment("counter", 1).mapEmpty()));
      }
    }
    result(Future.all(callers));
    for (GlobalData view : views) {
      assertThat(result(view.get("counter"))).isEqualTo(12_000);
    }
  }

  @Test
  void concurrentAddOfOneKeySucceedsExactlyOnce() throws Exception {
    List<GlobalData> views = views();
    List<Future<Boolean>> adds = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      adds.add(views.get(i % 3).add("once", "by-" + i));
    }
    result(Future.join(adds));
    long winners = adds.stream().filter(f -> f.result()).count();
    assertThat(winners).isEqualTo(1);
    int winner = adds.indexOf(adds.stream().filter(Future::result).findFirst().orElseThrow());
    assertThat(result(views.get(1).get("once"))).isEqualTo("by-" + winner);
  }

  @Test
  void casRetryLoopsFromEveryViewLoseNoUpdate() throws Exception {
    List<GlobalData> views = views();
    result(views.get(0).set("doc", new JsonObject().put("count", 0).put("writers", new JsonArray())));
    AtomicInteger conflicts = new AtomicInteger();
    List<Future<Void>> callers = new ArrayList<>();
    for (int view = 0; view < 3; view++) {
      for (int caller = 0; caller < 2; caller++) {
        GlobalData data = views.get(view);
        String name = view + "/" + caller;
        callers.add(repeat(vertxOf(view), 100, () -> casIncrement(data, name, conflicts)));
      }
    }
    result(Future.all(callers));
    JsonObject doc = result(views.get(2).get("doc", JsonObject.class));
    assertThat(doc.getInteger("count")).isEqualTo(600);
    assertThat(doc.getJsonArray("writers")).hasSize(600);
  }

  @Test
  void futuresCompleteOnTheCallingContext() throws Exception {
    List<GlobalData> views = views();
    Context context = vertxOf(1).getOrCreateContext();
    Promise<Boolean> sameContext = Promise.promise();
    context.runOnContext(v -> views.get(1).incrementOrCreate("ctx", 1)
        .compose(n -> views.get(1).get("ctx"))
        .onComplete(ar -> sameContext.complete(ar.succeeded() && Vertx.currentContext() == context)));
    assertThat(result(sameContext.future())).isTrue();
  }

  @Test
  void badInputFailsClearlyAndDisturbsNothing() throws Exception {
    List<GlobalData> views = views();
    JsonObject keep = new JsonObject().put("v", 1);
    result(views.get(0).set("keep", keep));
    result(views.get(1).set("n", 5));
    GlobalData data = views.get(2);
    String tooLong = "x".repeat(GlobalDataOptions.DEFAULT_MAX_KEY_LENGTH + 1);
    String atLimit = "y".repeat(MAX_VALUE_SIZE - 2);
    String overLimit = "y".repeat(MAX_VALUE_SIZE - 1);
    assertReason(data.set(null, 1), Reason.INVALID_KEY);
    assertReason(data.get(""), Reason.INVALID_KEY);
    assertReason(data.increment(tooLong, 1), Reason.INVALID_KEY);
    assertReason(data.set("k", new Object()), Reason.INVALID_VALUE);
    assertReason(data.set("k", null), Reason.INVALID_VALUE);
    assertReason(data.add("k", Double.NaN), Reason.INVALID_VALUE);
    assertReason(data.cas("keep", new StringBuilder("v"), 2), Reason.INVALID_VALUE);
    assertReason(data.set("k", overLimit), Reason.VALUE_TOO_LARGE);
    assertReason(data.cas("keep", keep, overLimit), Reason.VALUE_TOO_LARGE);
    assertReason(data.increment("keep", 1), Reason.NOT_NUMERIC);
    assertReason(data.increment("n", null), Reason.INVALID_VALUE);
    assertReason(data.increment("n", Double.POSITIVE_INFINITY), Reason.INVALID_VALUE);
    // values that would not read back as given, at the top or nested
    assertReason(data.cas("n", new BigDecimal("1e400"), 6), Reason.INVALID_VALUE);
    assertReason(data.set("k", new BigDecimal("1e400")), Reason.INVALID_VALUE);
    assertReason(data.set("k", new JsonObject().put("a", Double.NaN)), Reason.INVALID_VALUE);
    assertReason(data.add("k", new JsonArray().add(new byte[] {1})), Reason.INVALID_VALUE);
    assertReason(data.set("k", 1, Duration.ZERO), Reason.INVALID_TTL);
    assertReason(data.add("k", 1, Duration.ofSeconds(-1)), Reason.INVALID_TTL);

    assertThat(result(views.get(0).get("keep"))).isEqualTo(keep);
    assertThat(result(views.get(1).get("n"))).isEqualTo(5);
    assertThat(result(views.get(0).exists("k"))).isFalse();
    assertThat(result(views.get(1).size())).isEqualTo(2);
    assertThat(result(data.increment("n", 1))).as("the view still works").isEqualTo(6L);
    result(data.set("k", atLimit));
    assertThat(result(views.get(0).get("k"))).as("exactly at the limit").isEqualTo(atLimit);
  }

  @Test
  void callsAfterCloseFailAndOtherViewsKeepWorking() throws Exception {
    List<GlobalData> views = views();
    result(views.get(1).set("keep", "v"));
    result(views.get(0).close());
    assertReason(views.get(0).get("keep"), Reason.CLOSED);
    assertReason(views.get(0).set("other", 1), Reason.CLOSED);
    assertReason(views.get(0).increment("keep", 1), Reason.CLOSED);
    assertReason(views.get(0).keys(), Reason.CLOSED);
    assertReason(views.get(0).size(), Reason.CLOSED);
    assertThat(result(views.get(2).get("keep"))).isEqualTo("v");
    assertThat(result(views.get(2).exists("other"))).isFalse();
  }

  static void assertReason(Future<?> call, Reason reason) {
    Throwable failure = failure(call);
    assertThat(failure).isInstanceOf(GlobalDataException.class);
    assertThat(((GlobalDataException) failure).reason()).isEqualTo(reason);
    assertThat(failure.getMessage()).contains("reason=" + reason);
  }

  /** Reads, modifies, compare-and-sets; retries on a lost race. */
  private static Future<Void> casIncrement(GlobalData data, String writer, AtomicInteger conflicts) {
    return data.get("doc", JsonObject.class).compose(current -> {
      JsonObject next = current.copy().put("count", current.getInteger("count") + 1);
      next.getJsonArray("writers").add(writer);
      return data.cas("doc", current, next);
    }).compose(stored -> {
      if (stored) {
        return Future.succeededFuture();
      }
      conflicts.incrementAndGet();
      return casIncrement(data, writer, conflicts);
    });
  }

  /** Runs {@code times} operations one after the other on a context of {@code vertx}. */
  static Future<Void> repeat(Vertx vertx, int times, Supplier<Future<Void>> op) {
    Promise<Void> done = Promise.promise();
    vertx.runOnContext(v -> next(times, op, done));
    return done.future();
  }

  private static void next(int left, Supplier<Future<Void>> op, Promise<Void> done) {
    if (left == 0) {
      done.complete();
      return;
    }
    op.get().onSuccess(v -> next(left - 1, op, done)).onFailure(done::fail);
  }
}
