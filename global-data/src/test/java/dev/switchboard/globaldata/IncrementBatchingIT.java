package dev.switchboard.globaldata;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import dev.switchboard.globaldata.impl.ClientConnector;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.ScrapedMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static dev.switchboard.testkit.Await.failure;
import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Increments that arrive while one of the same key is in flight travel together
 * (docs/global-data.md, "Increments that travel together"), on a real three-member cluster, in
 * member and in client mode: each caller still gets its own exact result, in its own order, and a
 * failing step fails only its caller.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IncrementBatchingIT extends ClusteredTestBase {

  private static final int CALLERS = 64;
  private static final int PER_CALLER = 100;
  private static final String BATCH_STEPS = "switchboard_globaldata_batch_steps";

  private final List<Vertx> plain = new ArrayList<>();
  private final List<Vertx> viewVertx = new ArrayList<>();
  private HazelcastInstance locker;

  @AfterEach
  void closePlain() {
    if (locker != null) {
      locker.shutdown();
    }
    plain.forEach(v -> result(v.close()));
  }

  /** Three views of one three-member cluster: one per node, or three clients. */
  private List<GlobalData> views(boolean member) throws Exception {
    startNodes(3);
    List<GlobalData> views = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Vertx vertx = member ? cluster.vertx(i) : Vertx.vertx();
      if (!member) {
        plain.add(vertx);
        views.add(result(GlobalData.client(vertx, new GlobalDataOptions()
            .setClusterName(cluster.clusterName()).setMembers(cluster.memberAddresses()))));
      } else {
        views.add(GlobalData.member(vertx, new GlobalDataOptions()));
      }
      viewVertx.add(vertx);
    }
    return views;
  }

  @Test
  void memberModeSixtyFourCallersOnOneKeyEachGetTheirOwnValues() throws Exception {
    callersOnKeys(views(true), 1);
  }

  @Test
  void clientModeSixtyFourCallersOnOneKeyEachGetTheirOwnValues() throws Exception {
    callersOnKeys(views(false), 1);
  }

  @Test
  void memberModeSixtyFourCallersOnManyKeysEachGetTheirOwnValues() throws Exception {
    callersOnKeys(views(true), 16);
  }

  @Test
  void clientModeSixtyFourCallersOnManyKeysEachGetTheirOwnValues() throws Exception {
    callersOnKeys(views(false), 16);
  }

  @Test
  void memberModeAFailingStepFailsOnlyItsCaller() throws Exception {
    failingSteps(views(true).get(1));
  }

  @Test
  void clientModeAFailingStepFailsOnlyItsCaller() throws Exception {
    failingSteps(views(false).get(2));
  }

  @Test
  void memberModeIncrementsBeyondTheWaitingBoundFailBusyAndTheRestApply() throws Exception {
    beyondTheBound(views(true).get(0), true);
  }

  @Test
  void clientModeIncrementsBeyondTheWaitingBoundFailBusyAndTheRestApply() throws Exception {
    beyondTheBound(views(false).get(0), false);
  }

  /**
   * 64 callers over the three views, each incrementing keys one call at a time: every key ends
   * at the number of increments it got, the values its callers got are exactly 1..that number,
   * each caller's values of one key rise, and fewer Hazelcast operations than calls were sent.
   */
  private void callersOnKeys(List<GlobalData> views, int keys) throws Exception {
    Map<String, List<Long>> byKey = new ConcurrentHashMap<>();
    List<Future<Void>> callers = new ArrayList<>();
    for (int c = 0; c < CALLERS; c++) {
      int caller = c;
      Promise<Void> done = Promise.promise();
      callers.add(done.future());
      Random random = new Random(caller);
      List<String> plan = new ArrayList<>();
      for (int i = 0; i < PER_CALLER; i++) {
        plan.add("k" + random.nextInt(keys));
      }
      viewVertx.get(caller % 3).runOnContext(v -> incrementInTurn(views.get(caller % 3), plan,
          0, new ConcurrentHashMap<>(), byKey, done));
    }
    result(Future.all(callers));
    long total = 0;
    for (int k = 0; k < keys; k++) {
      List<Long> got = new ArrayList<>(byKey.getOrDefault("k" + k, List.of()));
      Collections.sort(got);
      assertThat(got).as("values returned for k%d", k)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, got.size()).boxed().toList());
      assertThat(result(views.get(k % 3).get("k" + k, Number.class)).longValue())
          .isEqualTo(got.size());
      total += got.size();
    }
    assertThat(total).isEqualTo((long) CALLERS * PER_CALLER);
    double operations = 0;
    double steps = 0;
    double largest = 0;
    for (Vertx vertx : viewVertx) {
      ScrapedMetrics scrape = ScrapedMetrics.parse(NodeMetrics.scrape(vertx));
      operations += scrape.value(BATCH_STEPS + "_count", "op", "increment");
      steps += scrape.value(BATCH_STEPS + "_sum", "op", "increment");
      largest = Math.max(largest, scrape.value(BATCH_STEPS + "_max", "op", "increment"));
    }
    assertThat(steps).isEqualTo(total);
    assertThat(operations).as("Hazelcast operations for %d increments", total).isLessThan(steps);
    assertThat(largest).isGreaterThan(1);
  }

  /** One caller's increments, each sent when the one before has answered. */
  private static void incrementInTurn(GlobalData data, List<String> plan, int index,
      Map<String, Long> lastSeen, Map<String, List<Long>> byKey, Promise<Void> done) {
    if (index == plan.size()) {
      done.complete();
      return;
    }
    String key = plan.get(index);
    data.incrementOrCreate(key, 1).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      long value = ar.result().longValue();
      Long before = lastSeen.put(key, value);
      if (before != null && before >= value) {
        done.fail(new AssertionError("caller saw " + key + " go from " + before + " to " + value));
        return;
      }
      byKey.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()))
          .add(value);
      incrementInTurn(data, plan, index + 1, lastSeen, byKey, done);
    });
  }

  /**
   * Calls sent together from one thread without waiting apply in the order they were made, each
   * getting its own outcome: steps that overflow, a first increment of an absent key and a key
   * holding text fail alone, and the steps between them see the value the steps before made.
   */
  private void failingSteps(GlobalData data) throws Exception {
    result(data.set("edge", 1));
    result(data.set("text", "not a number"));
    List<Future<Number>> edge = new ArrayList<>();
    List<Future<Number>> fresh = new ArrayList<>();
    List<Future<Number>> text = new ArrayList<>();
    List<Future<Number>> half = new ArrayList<>();
    Promise<Void> sent = Promise.promise();
    viewVertx.get(0).runOnContext(v -> {
      fresh.add(data.increment("fresh", 1));
      for (int i = 0; i < 300; i++) {
        edge.add(data.increment("edge", i % 2 == 0 ? 1 : Long.MAX_VALUE));
        fresh.add(i == 0 ? data.incrementOrCreate("fresh", 1) : data.increment("fresh", 1));
        text.add(data.increment("text", 1));
        half.add(data.incrementOrCreate("half", 0.5));
      }
      sent.complete();
    });
    result(sent.future());
    for (int i = 0; i < edge.size(); i++) {
      if (i % 2 == 0) {
        assertThat(result(edge.get(i))).isEqualTo(2L + i / 2);
      } else {
        assertThat(((GlobalDataException) failure(edge.get(i))).reason())
            .isEqualTo(Reason.OVERFLOW);
      }
      assertThat(((GlobalDataException) failure(text.get(i))).reason())
          .isEqualTo(Reason.NOT_NUMERIC);
      assertThat(result(half.get(i))).isEqualTo(0.5 * (i + 1));
    }
    assertThat(((GlobalDataException) failure(fresh.get(0))).reason())
        .isEqualTo(Reason.NOT_FOUND);
    for (int i = 1; i < fresh.size(); i++) {
      assertThat(result(fresh.get(i))).isEqualTo((long) i);
    }
    assertThat(result(data.get("edge", Number.class)).longValue()).isEqualTo(151L);
    assertThat(result(data.get("fresh", Number.class)).longValue()).isEqualTo(300L);
    assertThat(result(data.get("text"))).isEqualTo("not a number");
    assertThat(result(data.get("half"))).isEqualTo(150.0);
  }

  /**
   * With the key locked by another client, the first increment waits in flight on the owner;
   * the waiting bound's worth queue behind it and the next fails BUSY at once, nothing sent.
   * Once the lock goes, every queued increment applies, once.
   */
  private void beyondTheBound(GlobalData data, boolean member) throws Exception {
    int bound = 16_384;
    locker = ClientConnector.connect(new GlobalDataOptions().setClusterName(cluster.clusterName())
        .setMembers(cluster.memberAddresses()));
    IMap<String, String> map = locker.getMap(GlobalDataOptions.DEFAULT_MAP_NAME);
    map.lock("held");
    List<Future<Number>> accepted = new ArrayList<>();
    Promise<Throwable> refused = Promise.promise();
    viewVertx.get(0).runOnContext(v -> {
      for (int i = 0; i < bound + 1; i++) {
        accepted.add(data.incrementOrCreate("held", 1));
      }
      data.incrementOrCreate("held", 1).onComplete(ar -> refused.complete(ar.cause()));
    });
    Throwable busy = result(refused.future());
    assertThat(busy).isInstanceOf(GlobalDataException.class)
        .hasMessageContaining("already waiting").hasMessageContaining("[key=held]");
    assertThat(((GlobalDataException) busy).reason()).isEqualTo(Reason.BUSY);
    assertThat(accepted).noneMatch(Future::isComplete);
    map.unlock("held");
    result(Future.all(accepted));
    assertThat(result(data.get("held", Number.class)).longValue()).as(member ? "member" : "client")
        .isEqualTo(bound + 1L);
  }
}
