package dev.switchboard.globaldata;

import dev.switchboard.globaldata.GlobalDataException.Reason;
import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static dev.switchboard.testkit.Await.failure;
import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of the operations beyond Workerman's ({@code compareAndExchange} and the
 * server-side updates), in every mode, on three views of one three-member cluster with
 * {@link TestUpdateFunctions} registered on each member by class name.
 */
abstract class ServerSideUpdatesContract extends GlobalDataContract {

  /** Concurrent callers of the hot-key tests, rotating over the three views. */
  private static final int CALLERS = 16;
  /** Updates per caller. */
  private static final int EACH = 50;

  /** @return the views, once every member has the test functions */
  private List<GlobalData> viewsWithFunctions() throws Exception {
    List<GlobalData> views = views();
    cluster.nodes().forEach(node ->
        UpdateFunctions.register(node.hazelcast(), TestUpdateFunctions.ALL));
    return views;
  }

  @Test
  void compareAndExchangeReturnsWhatItFound() throws Exception {
    List<GlobalData> views = views();
    assertThat(result(views.get(0).compareAndExchange("x", null, 1)))
        .isEqualTo(new Exchange(true, 1));
    assertThat(result(views.get(1).compareAndExchange("x", null, 2)))
        .as("absent expected, found 1").isEqualTo(new Exchange(false, 1));
    JsonObject doc = new JsonObject().put("a", 1);
    assertThat(result(views.get(2).compareAndExchange("x", 1.0, doc)))
        .as("compares by value, as cas").isEqualTo(new Exchange(true, doc));
    assertThat(result(views.get(0).compareAndExchange("absent", 5, 6)))
        .isEqualTo(new Exchange(false, null));
    assertThat(result(views.get(1).exists("absent"))).isFalse();
    assertThat(result(views.get(2).get("x"))).isEqualTo(doc);
  }

  @Test
  void compareAndExchangeRetryLoopsNeedNoGetAndLoseNoUpdate() throws Exception {
    List<GlobalData> views = views();
    AtomicInteger successes = new AtomicInteger();
    List<Future<Void>> callers = callers(c -> {
      GlobalData data = views.get(c % 3);
      return repeat(vertxOf(c % 3), EACH, () -> exchangeIncrement(data, null, successes));
    });
    result(Future.all(callers));
    assertThat(successes).hasValue(CALLERS * EACH);
    assertThat(result(views.get(1).get("cx"))).isEqualTo(CALLERS * EACH);
  }

  /** One increment by a compareAndExchange loop: a lost race gives the value to try next. */
  private static Future<Void> exchangeIncrement(GlobalData data, Object known,
      AtomicInteger successes) {
    long next = known == null ? 1 : ((Number) known).longValue() + 1;
    return data.compareAndExchange("cx", known, next).compose(x -> {
      if (x.succeeded()) {
        successes.incrementAndGet();
        return Future.succeededFuture();
      }
      return exchangeIncrement(data, x.current(), successes);
    });
  }

  @Test
  void builtInUpdatesGiveEachCallerItsExactResult() throws Exception {
    List<GlobalData> views = views();
    GlobalData a = views.get(0);
    GlobalData b = views.get(1);
    GlobalData c = views.get(2);
    assertThat(result(a.max("m", 5))).isEqualTo(new Update(true, null, 5));
    assertThat(result(b.max("m", 3))).isEqualTo(new Update(false, 5, 5));
    assertThat(result(c.max("m", 7.5))).isEqualTo(new Update(true, 5, 7.5));
    assertThat(result(a.min("m", 2))).isEqualTo(new Update(true, 7.5, 2));
    assertThat(result(b.min("m", 2.0))).as("equal is not smaller").isEqualTo(new Update(false, 2, 2));

    assertThat(result(a.append("list", "a", 2)))
        .isEqualTo(new Update(true, null, new JsonArray().add("a")));
    assertThat(result(b.append("list", "b", 2)).current()).isEqualTo(new JsonArray().add("a").add("b"));
    Update trimmed = result(c.append("list", new JsonArray().add(1), 2));
    assertThat(trimmed.previous()).isEqualTo(new JsonArray().add("a").add("b"));
    assertThat(trimmed.current()).as("the oldest dropped")
        .isEqualTo(new JsonArray().add("b").add(new JsonArray().add(1)));

    JsonObject first = new JsonObject().put("a", 1).put("b", new JsonObject().put("c", 1));
    assertThat(result(a.merge("doc", first))).isEqualTo(new Update(true, null, first));
    Update merged = result(b.merge("doc", new JsonObject().putNull("a")
        .put("b", new JsonObject().put("d", new JsonArray().add(2)))));
    JsonObject expected = new JsonObject().put("b", new JsonObject().put("c", 1)
        .put("d", new JsonArray().add(2)));
    assertThat(merged).isEqualTo(new Update(true, first, expected));
    assertThat(result(c.merge("doc", new JsonObject().put("b", new JsonObject().put("c", 1)))))
        .as("a patch that changes nothing").isEqualTo(new Update(false, expected, expected));

    assertThat(result(a.getAndSet("g", "one"))).isNull();
    assertThat(result(b.getAndSet("g", new JsonArray().add(2)))).isEqualTo("one");
    assertThat(result(c.get("g"))).isEqualTo(new JsonArray().add(2));

    assertThat(result(a.incrementIfLess("rate", 1, 2))).isEqualTo(new Update(true, null, 1));
    assertThat(result(b.incrementIfLess("rate", 1, 2))).isEqualTo(new Update(true, 1, 2));
    assertThat(result(c.incrementIfLess("rate", 1, 2))).isEqualTo(new Update(false, 2, 2));
    assertThat(result(a.incrementIfLess("none", 5, 2))).as("an absent key is not created "
        + "when the step passes the limit").isEqualTo(new Update(false, null, null));
    assertThat(result(b.exists("none"))).isFalse();
  }

  /**
   * The updates keep an entry's expiry, as increment does; incrementIfLess gives an entry it
   * creates its ttl; getAndSet and compareAndExchange set theirs, as set and cas do.
   */
  @Test
  void updatesKeepTheExpiryAndTheTtlsGivenAreSet() throws Exception {
    List<GlobalData> views = viewsWithFunctions();
    result(views.get(0).set("tmax", 1, Duration.ofSeconds(3)));
    result(views.get(0).set("tfn", 1, Duration.ofSeconds(3)));
    assertThat(result(views.get(1).max("tmax", 2)).applied()).isTrue();
    assertThat(result(views.get(2).update("tfn", "counter.add", 1)).current()).isEqualTo(2);
    assertThat(result(views.get(1).incrementIfLess("twin", 1, 10, Duration.ofSeconds(1)))
        .applied()).isTrue();
    assertThat(result(views.get(0).getAndSet("tget", 1, Duration.ofSeconds(1)))).isNull();
    assertThat(result(views.get(1).compareAndExchange("tcx", null, 1, Duration.ofSeconds(1)))
        .succeeded()).isTrue();
    result(views.get(2).set("forever", 1));
    assertThat(result(views.get(0).max("forever", 2)).applied()).isTrue();
    for (String key : List.of("tmax", "tfn", "twin", "tget", "tcx")) {
      Await.condition(vertxOf(2), 50, () -> views.get(2).exists(key).map(e -> !e));
    }
    assertThat(result(views.get(1).get("forever"))).isEqualTo(2);
  }

  @Test
  void concurrentServerSideUpdatesOfOneKeyAreExact() throws Exception {
    List<GlobalData> views = viewsWithFunctions();
    int total = CALLERS * EACH;
    // max: every caller raises with its own increasing values
    Queue results = new Queue();
    result(Future.all(callers(c -> repeat(vertxOf(c % 3), EACH, new Counter(i ->
        views.get(c % 3).max("hot-max", c * 1000 + i).map(u -> results.check(u, c * 1000 + i)))))));
    assertThat(results.failures).isEmpty();
    assertThat(result(views.get(0).get("hot-max"))).isEqualTo((CALLERS - 1) * 1000 + EACH - 1);

    // append: every element once, each caller's in its order, each result ending with its own
    // (20 a caller, numbers: the list must fit the views' small maxValueSize)
    int appends = 20;
    result(Future.all(callers(c -> repeat(vertxOf(c % 3), appends, new Counter(i ->
        views.get(c % 3).append("hot-list", c * 100 + i, total)
            .map(u -> results.checkAppend(u, c * 100 + i)))))));
    assertThat(results.failures).isEmpty();
    JsonArray list = result(views.get(1).get("hot-list", JsonArray.class));
    assertThat(list).hasSize(CALLERS * appends);
    for (int c = 0; c < CALLERS; c++) {
      int from = c * 100;
      List<Object> own = list.stream()
          .filter(e -> (Integer) e >= from && (Integer) e < from + 100).toList();
      assertThat(own).containsExactlyElementsOf(IntStream.range(from, from + appends)
          .boxed().map(Object.class::cast).toList());
    }

    // a user function: each caller sees a distinct count, together exactly 1..total
    ConcurrentLinkedQueue<Long> counts = new ConcurrentLinkedQueue<>();
    result(Future.all(callers(c -> repeat(vertxOf(c % 3), EACH, () -> views.get(c % 3)
        .update("hot-fn", "counter.add", 1).map(u -> {
          counts.add(((Number) u.current()).longValue());
          return null;
        })))));
    assertThat(new HashSet<>(counts)).hasSize(total)
        .containsAll(LongRange.of(1, total));
    assertThat(result(views.get(2).get("hot-fn"))).isEqualTo(total);

    // incrementIfLess: exactly `limit` of the attempts pass, each seeing a distinct count
    int limit = total / 2 + 7;
    ConcurrentLinkedQueue<Long> allowed = new ConcurrentLinkedQueue<>();
    result(Future.all(callers(c -> repeat(vertxOf(c % 3), EACH, () -> views.get(c % 3)
        .incrementIfLess("hot-rate", 1, limit).map(u -> {
          if (u.applied()) {
            allowed.add(((Number) u.current()).longValue());
          }
          return null;
        })))));
    assertThat(allowed).hasSize(limit);
    assertThat(new HashSet<>(allowed)).containsAll(LongRange.of(1, limit));
    assertThat(result(views.get(0).get("hot-rate"))).isEqualTo(limit);
  }

  @Test
  void userFunctionsRunOnlyWhenRegisteredAndARefusalChangesNothing() throws Exception {
    List<GlobalData> views = viewsWithFunctions();
    GlobalData data = views.get(1);
    JsonObject keep = new JsonObject().put("count", 3).put("writers", new JsonArray());
    result(views.get(0).set("doc", keep));
    Update counted = result(data.update("doc", "doc.count", "me"));
    JsonObject after = keep.copy().put("count", 4).put("writers", new JsonArray().add("me"));
    assertThat(counted).isEqualTo(new Update(true, keep, after));

    assertReason(data.update("doc", "no.such.function", 1), Reason.UNKNOWN_FUNCTION);
    assertReason(data.update("doc", "java.lang.Runtime", 1), Reason.UNKNOWN_FUNCTION);
    assertReason(data.update("doc", "../evil", 1), Reason.UNKNOWN_FUNCTION);
    assertReason(data.update("doc", null, 1), Reason.UNKNOWN_FUNCTION);
    Throwable thrown = failure(data.update("doc", "test.throws", 1));
    assertThat(((GlobalDataException) thrown).reason()).isEqualTo(Reason.FUNCTION_FAILED);
    assertThat(thrown.getMessage()).contains("test.throws").contains("IllegalStateException")
        .contains("refused by the test function").contains("key=doc");
    assertReason(data.update("doc", "test.nan", null), Reason.INVALID_VALUE);
    Throwable bytes = failure(data.update("doc", "test.bytes", null));
    assertThat(bytes.getMessage()).contains("test.bytes").contains("[B");
    assertReason(data.update("doc", "test.huge", MAX_VALUE_SIZE), Reason.VALUE_TOO_LARGE);
    assertReason(data.update("doc", "counter.add", new Object()), Reason.INVALID_VALUE);
    assertThat(result(views.get(2).get("doc"))).as("unchanged by every refusal").isEqualTo(after);

    assertThat(result(data.update("doc", "test.huge", 3)).current()).isEqualTo("hhh");
    assertThat(result(data.update("doc", "test.delete", null)))
        .isEqualTo(new Update(true, "hhh", null));
    assertThat(result(views.get(0).exists("doc"))).isFalse();
    assertThat(result(data.update("doc", "test.delete", null)))
        .as("deleting an absent key changes nothing").isEqualTo(new Update(false, null, null));
  }

  @Test
  void badInputToTheNewOperationsFailsClearlyAndDisturbsNothing() throws Exception {
    List<GlobalData> views = viewsWithFunctions();
    result(views.get(0).set("s", "text"));
    result(views.get(0).set("n", 5));
    JsonArray list = new JsonArray().add("y".repeat(MAX_VALUE_SIZE / 2));
    result(views.get(0).set("list", list));
    GlobalData data = views.get(2);
    assertReason(data.max(null, 1), Reason.INVALID_KEY);
    assertReason(data.compareAndExchange("", 1, 2), Reason.INVALID_KEY);
    assertReason(data.update(null, "counter.add", 1), Reason.INVALID_KEY);
    assertReason(data.max("n", null), Reason.INVALID_VALUE);
    assertReason(data.min("n", Double.NaN), Reason.INVALID_VALUE);
    assertReason(data.max("s", 1), Reason.NOT_NUMERIC);
    assertReason(data.incrementIfLess("s", 1, 10), Reason.NOT_NUMERIC);
    assertReason(data.incrementIfLess("n", Long.MAX_VALUE, Long.MAX_VALUE), Reason.OVERFLOW);
    assertReason(data.incrementIfLess("n", 1, null), Reason.INVALID_VALUE);
    assertReason(data.incrementIfLess("n", 1, 10, Duration.ZERO), Reason.INVALID_TTL);
    assertReason(data.append("n", 1, 10), Reason.WRONG_TYPE);
    assertReason(data.append("list", 1, 0), Reason.INVALID_VALUE);
    assertReason(data.append("list", null, 10), Reason.INVALID_VALUE);
    assertReason(data.append("list", "z".repeat(MAX_VALUE_SIZE), 10), Reason.VALUE_TOO_LARGE);
    assertReason(data.append("list", "z".repeat(MAX_VALUE_SIZE / 2), 10),
        Reason.VALUE_TOO_LARGE);
    assertReason(data.merge("list", new JsonObject().put("a", 1)), Reason.WRONG_TYPE);
    assertReason(data.merge("m", null), Reason.INVALID_VALUE);
    assertReason(data.merge("m", new JsonObject().put("a", Double.NaN)), Reason.INVALID_VALUE);
    assertReason(data.compareAndExchange("n", 5, new Object()), Reason.INVALID_VALUE);
    assertReason(data.compareAndExchange("n", 5, 6, Duration.ofSeconds(-1)), Reason.INVALID_TTL);
    assertReason(data.getAndSet("n", null), Reason.INVALID_VALUE);
    assertReason(data.getAndSet("n", "z".repeat(MAX_VALUE_SIZE)), Reason.VALUE_TOO_LARGE);

    assertThat(result(views.get(1).get("s"))).isEqualTo("text");
    assertThat(result(views.get(1).get("n"))).isEqualTo(5);
    assertThat(result(views.get(1).get("list"))).isEqualTo(list);
    assertThat(result(views.get(1).size())).as("nothing created").isEqualTo(3);
    assertThat(result(data.max("n", 6))).as("the view still works")
        .isEqualTo(new Update(true, 5, 6));
  }

  /** Starts the callers, caller {@code c} made by {@code caller}. */
  private static List<Future<Void>> callers(IntFunction<Future<Void>> caller) {
    List<Future<Void>> callers = new ArrayList<>();
    for (int c = 0; c < CALLERS; c++) {
      callers.add(caller.apply(c));
    }
    return callers;
  }

  /** The i-th call of a caller, i counting from 0. */
  private static final class Counter implements java.util.function.Supplier<Future<Void>> {
    private final IntFunction<Future<Void>> call;
    private int next;

    Counter(IntFunction<Future<Void>> call) {
      this.call = call;
    }

    @Override
    public Future<Void> get() {
      return call.apply(next++);
    }
  }

  /** Per-call checks of the concurrent test, collected from every caller's context. */
  private static final class Queue {
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    Void check(Update u, long sent) {
      long current = ((Number) u.current()).longValue();
      if (u.applied() ? current != sent
          || (u.previous() != null && ((Number) u.previous()).longValue() >= sent)
          : current < sent || !u.current().equals(u.previous())) {
        failures.add("max(" + sent + ") gave " + u.previous() + " -> " + u.current());
      }
      return null;
    }

    Void checkAppend(Update u, int sent) {
      JsonArray before = u.previous() == null ? new JsonArray() : (JsonArray) u.previous();
      JsonArray after = (JsonArray) u.current();
      if (!u.applied() || after.size() != before.size() + 1
          || !Integer.valueOf(sent).equals(after.getValue(after.size() - 1))) {
        failures.add("append(" + sent + ") gave " + before.size() + " -> " + after.size());
      }
      return null;
    }
  }

  /** Longs from..to inclusive. */
  private static final class LongRange {
    static Set<Long> of(long from, long to) {
      Set<Long> range = new HashSet<>();
      for (long i = from; i <= to; i++) {
        range.add(i);
      }
      return range;
    }
  }
}
