package dev.switchboard.globaldata;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.NodeMain;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the promoted backup holds after the partition owner crashes: exactly what the owner
 * decided and acknowledged, also when the owner decided on an entry whose time to live had just
 * run out. (Hazelcast treats a backup entry as expired only some seconds after its owner does, so
 * a backup that re-ran the operation itself would decide differently in that window.)
 *
 * <p>Two members: this JVM's node, which survives and reads, and a node in a separate JVM that
 * owns the keys under test and is killed with SIGKILL. Also, in member mode, that no acknowledged
 * increment is lost when the owner dies while increments travel to it in batches.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GlobalDataFailoverIT extends ClusteredTestBase {

  private static final Duration SHORT_TTL = Duration.ofSeconds(1);
  private static final Duration LONG_TTL = Duration.ofSeconds(60);

  private final List<NodeProcess> processes = new ArrayList<>();
  private NodeProcess owner;
  private GlobalData data;

  @AfterEach
  void killProcesses() throws Exception {
    for (NodeProcess process : processes) {
      process.close();
    }
  }

  @Test
  void writesDecidedRightAfterATtlExpirySurviveAKillOfTheOwner() throws Exception {
    startOwnerAndSurvivor();
    List<String> keys = keysOwnedByTheOwner(5);
    String added = keys.get(0);
    String counter = keys.get(1);
    String casKey = keys.get(2);
    String brief = keys.get(3);
    String briefCounter = keys.get(4);
    result(data.set(added, "old", SHORT_TTL));
    result(data.set(counter, 5, SHORT_TTL));
    result(data.set(casKey, 5, SHORT_TTL));
    for (String key : List.of(added, counter, casKey)) {
      awaitAbsent(key);
    }

    assertThat(result(data.add(added, "new", LONG_TTL))).isTrue();
    assertThat(result(data.incrementOrCreate(counter, 1))).isEqualTo(1L);
    assertThat(result(data.cas(casKey, 5, 7))).isFalse();
    assertThat(result(data.cas(brief, null, "brief", Duration.ofSeconds(2)))).isTrue();
    result(data.set(briefCounter, 10, Duration.ofSeconds(2)));
    assertThat(result(data.increment(briefCounter, 1))).isEqualTo(11L);
    killOwnerAndAwaitPromotion();

    Object addedValue = result(data.get(added));
    Object counterValue = result(data.get(counter));
    Object casValue = result(data.get(casKey));
    SoftAssertions.assertSoftly(soft -> {
      soft.assertThat(addedValue).as("add after expiry").isEqualTo("new");
      soft.assertThat(counterValue).as("incrementOrCreate after expiry").isEqualTo(1);
      soft.assertThat(casValue).as("cas that failed after expiry").isNull();
    });
    // the backup got the time to live too, and an increment kept it: the promoted entries expire
    awaitAbsent(brief);
    awaitAbsent(briefCounter);
    assertThat(result(data.get(added))).as("the long time to live is kept").isEqualTo("new");
  }

  @Test
  void leaseTakenOverAfterItsExpiryIsStillHeldAfterAKillOfTheOwner() throws Exception {
    startOwnerAndSurvivor();
    String lease = keysOwnedByTheOwner(1).get(0);
    assertThat(result(data.add(lease, "holder-1", SHORT_TTL))).isTrue();
    awaitAbsent(lease);
    assertThat(result(data.add(lease, "holder-2", LONG_TTL))).as("taken over").isTrue();
    assertThat(result(data.add(lease, "holder-3", LONG_TTL))).as("held").isFalse();
    killOwnerAndAwaitPromotion();

    assertThat(result(data.get(lease))).isEqualTo("holder-2");
    assertThat(result(data.add(lease, "holder-3", LONG_TTL))).as("still held").isFalse();
  }

  /**
   * The server-side updates decide on the owner like add and cas: after a kill of the owner the
   * promoted backup holds what the owner wrote, also for an update decided right after the
   * entry's time to live ran out on the owner (a backup that computed again would still see the
   * old value: max would keep 100, the function would give 101). The owner's GlobalDataVerticle
   * registers the test functions from its {@code updateFunctions} option.
   */
  @Test
  void serverSideUpdatesSurviveAKillOfTheOwnerAsTheOwnerWroteThem() throws Exception {
    startOwnerAndSurvivor(NodeMain.verticle(GlobalDataVerticle.class.getName(),
        new JsonObject().put("updateFunctions", new JsonObject(new HashMap<>(
            TestUpdateFunctions.ALL)))));
    List<String> keys = keysOwnedByTheOwner(8);
    result(data.set(keys.get(0), 100, SHORT_TTL));
    result(data.set(keys.get(1), 100, SHORT_TTL));
    awaitAbsent(keys.get(0));
    awaitAbsent(keys.get(1));
    assertThat(result(data.max(keys.get(0), 1))).isEqualTo(new Update(true, null, 1));
    assertThat(result(data.update(keys.get(1), "counter.add", 1)).current()).isEqualTo(1);
    for (String element : List.of("a", "b", "c", "d")) {
      result(data.append(keys.get(2), element, 3));
    }
    result(data.merge(keys.get(3), new JsonObject().put("a", 1).put("b", 2)));
    result(data.merge(keys.get(3), new JsonObject().putNull("a").put("c", 3)));
    for (int i = 0; i < 3; i++) {
      result(data.incrementIfLess(keys.get(4), 1, 2, LONG_TTL));
    }
    assertThat(result(data.compareAndExchange(keys.get(5), null, "x")).succeeded()).isTrue();
    assertThat(result(data.getAndSet(keys.get(6), "first"))).isNull();
    assertThat(result(data.getAndSet(keys.get(6), "second"))).isEqualTo("first");
    result(data.set(keys.get(7), 10));
    assertThat(((GlobalDataException) Await.failure(data.update(keys.get(7), "test.throws", 1)))
        .reason()).isEqualTo(GlobalDataException.Reason.FUNCTION_FAILED);
    killOwnerAndAwaitPromotion();

    List<Object> values = new ArrayList<>();
    for (String key : keys) {
      values.add(result(data.get(key)));
    }
    SoftAssertions.assertSoftly(soft -> {
      soft.assertThat(values.get(0)).as("max after expiry").isEqualTo(1);
      soft.assertThat(values.get(1)).as("function after expiry").isEqualTo(1);
      soft.assertThat(values.get(2)).as("append, trimmed")
          .isEqualTo(new JsonArray().add("b").add("c").add("d"));
      soft.assertThat(values.get(3)).as("merge")
          .isEqualTo(new JsonObject().put("b", 2).put("c", 3));
      soft.assertThat(values.get(4)).as("incrementIfLess").isEqualTo(2);
      soft.assertThat(values.get(5)).as("compareAndExchange").isEqualTo("x");
      soft.assertThat(values.get(6)).as("getAndSet").isEqualTo("second");
      soft.assertThat(values.get(7)).as("a function that threw").isEqualTo(10);
    });
  }

  @Test
  void killingTheOwnerDuringBatchesLosesNoAcknowledgedIncrementInMemberMode() throws Exception {
    startOwnerAndSurvivor();
    String counter = keysOwnedByTheOwner(1).get(0);
    result(data.set(counter, 0));
    // 64 callers on this JVM's member: increments travel to the owner in batches
    IncrementLoad load = IncrementLoad.start(cluster.vertx(0), data, counter, 64);
    result(load.reach(2_000));
    long ackedAtKill = load.acknowledged();
    owner.kill();
    result(load.reach(ackedAtKill + 2_000), Duration.ofSeconds(120),
        "acknowledged increments after the kill");
    result(load.stop());

    long value = result(data.get(counter, Number.class)).longValue();
    load.assertAccountedFor(value);
  }

  /** This JVM's node (the survivor) and the owner in a JVM of its own, then a settled cluster. */
  private void startOwnerAndSurvivor() throws Exception {
    startOwnerAndSurvivor(GlobalDataVerticle.class.getName());
  }

  /** As {@link #startOwnerAndSurvivor()}, the owner's JVM deploying the given verticle. */
  private void startOwnerAndSurvivor(String ownerVerticle) throws Exception {
    startNodes(1);
    owner = NodeProcess.start(cluster.clusterName(), cluster.memberAddresses(), ownerVerticle);
    processes.add(owner);
    HazelcastInstance survivor = cluster.node(0).hazelcast();
    // settled: both members, about half of the partitions each, every backup in sync
    Await.condition(cluster.vertx(0), 50, () -> cluster.vertx(0).executeBlocking(() -> {
      int partitions = survivor.getPartitionService().getPartitions().size();
      long ownedThere = survivor.getPartitionService().getPartitions().stream()
          .filter(p -> p.getOwner() != null && isTheOwner(p.getOwner())).count();
      return survivor.getCluster().getMembers().size() == 2 && ownedThere >= partitions / 3
          && survivor.getPartitionService().isClusterSafe();
    }, false));
    data = GlobalData.member(cluster.vertx(0), new GlobalDataOptions());
  }

  private boolean isTheOwner(Member member) {
    InetSocketAddress address = (InetSocketAddress) member.getSocketAddress();
    return (address.getHostString() + ":" + address.getPort()).equals(owner.memberAddress());
  }

  /** Keys whose partition the node in the other JVM owns (so this JVM holds their backup). */
  private List<String> keysOwnedByTheOwner(int count) {
    HazelcastInstance survivor = cluster.node(0).hazelcast();
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < count; i++) {
      String key = "key-" + i;
      if (isTheOwner(survivor.getPartitionService().getPartition(key).getOwner())) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** Polls through the owner until the key reads absent. */
  private void awaitAbsent(String key) {
    Vertx vertx = cluster.vertx(0);
    Await.condition(vertx, 50, () -> data.exists(key).map(exists -> !exists));
  }

  /** SIGKILL, then waits until this JVM's member is alone and has promoted its backups. */
  private void killOwnerAndAwaitPromotion() throws InterruptedException {
    owner.kill();
    HazelcastInstance survivor = cluster.node(0).hazelcast();
    Await.condition(cluster.vertx(0), 50, () -> cluster.vertx(0).executeBlocking(() ->
        survivor.getCluster().getMembers().size() == 1
            && survivor.getPartitionService().isClusterSafe(), false)
        .recover(e -> Future.succeededFuture(false)));
  }
}
