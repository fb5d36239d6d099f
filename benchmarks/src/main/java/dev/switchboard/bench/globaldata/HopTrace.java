package dev.switchboard.bench.globaldata;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.GlobalDataOptions;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNode;
import dev.switchboard.testkit.LoopbackCluster;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where one caller's increment spends its time, hop by hop (docs/benchmarks.md, GlobalData, "One
 * caller, hop by hop"). Same set-up as the member-mode cells of {@link GlobalDataBench}: this
 * JVM's member (a clustered Vert.x node) and a member in a child JVM, backup-count 1 synchronous.
 * One caller on this JVM's event loop runs, one at a time, an entry processor that does what
 * GlobalData's increment does (read, add, write keeping the expiry, the backup replays the write)
 * and stamps {@link System#nanoTime()} at each hop it can see: the call on the event loop, the
 * start and end of the run on the owner's partition thread, the backup applied on the other
 * member, the completion on Hazelcast's thread, the caller's context. {@code nanoTime} is the
 * system-wide monotonic clock on Linux, so stamps of the two JVMs compare; the backup's stamp is
 * seen only when the backup runs in this JVM (a key the child owns). Then the same caller runs
 * GlobalData's own {@code increment} on the same key for the end-to-end figure.
 *
 * <p>{@code benchmarks/globaldata-hops.sh [--operations N]} (default 20,000 measured after 5,000
 * unmeasured, per key; {@code --results DIR}, passed by the script, is ignored).
 * Not thread-safe: run from the main thread.
 */
public final class HopTrace {

  /** When the last backup write ran in this JVM; set on a partition thread. */
  private static volatile long backupNanos;

  private HopTrace() {
  }

  /**
   * @param args {@code --operations N}, the measured operations per key (optional)
   * @throws Exception when the cluster does not start
   */
  public static void main(String[] args) throws Exception {
    int operations = 20_000;
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--operations")) {
        operations = Integer.parseInt(args[i + 1]);
      }
    }
    String clusterName = "sb-hops-" + UUID.randomUUID();
    ClusterNode local = Await.result(LoopbackCluster.startNode(clusterName, List.of()),
        Duration.ofSeconds(90), "this JVM's member");
    NodeProcess child = NodeProcess.start(clusterName, List.of(local.memberAddress()));
    try {
      HazelcastInstance hazelcast = local.hazelcast();
      Vertx vertx = local.vertx();
      Await.result(Await.until(vertx, 100, Duration.ofSeconds(60), () -> vertx.executeBlocking(
              () -> hazelcast.getCluster().getMembers().size() == 2
                  && hazelcast.getPartitionService().isClusterSafe(), false)),
          Duration.ofSeconds(65), "cluster safe");
      IMap<String, String> map = hazelcast.getMap(GlobalDataOptions.DEFAULT_MAP_NAME);
      GlobalData data = GlobalData.member(vertx, hazelcast, new GlobalDataOptions());
      for (boolean ownedHere : new boolean[] {false, true}) {
        String key = keyOwned(hazelcast, ownedHere);
        map.set(key, "0");
        Await.result(trace(vertx, map, key, 5_000), Duration.ofMinutes(5), "warm-up");
        long[][] stamps = Await.result(trace(vertx, map, key, operations),
            Duration.ofMinutes(5), "trace");
        Await.result(increments(vertx, data, key, 5_000), Duration.ofMinutes(5), "warm-up");
        long[] whole = Await.result(increments(vertx, data, key, operations),
            Duration.ofMinutes(5), "GlobalData increments");
        report(ownedHere ? "key owned by this JVM (backup in the child)"
            : "key owned by the child JVM (backup in this JVM)", stamps, whole);
      }
      Await.result(data.close(), Duration.ofSeconds(30), "close");
    } finally {
      child.stop();
      Await.result(local.vertx().close(), Duration.ofSeconds(60), "closing this JVM's member");
    }
    System.exit(0); // threads of the closed Hazelcast member may linger
  }

  private static String keyOwned(HazelcastInstance hazelcast, boolean here) {
    for (int i = 0; ; i++) {
      String key = "hop-" + i;
      Member owner = hazelcast.getPartitionService().getPartition(key).getOwner();
      if (owner != null && owner.localMember() == here) {
        return key;
      }
    }
  }

  /** Stamps per operation: call, run start, run end, backup, completion, context. */
  private static Future<long[][]> trace(Vertx vertx, IMap<String, String> map, String key,
      int operations) {
    Promise<long[][]> done = Promise.promise();
    long[][] stamps = new long[operations][];
    vertx.runOnContext(v -> traceOne(vertx.getOrCreateContext(), map, key, stamps, 0, done));
    return done.future();
  }

  private static void traceOne(Context context, IMap<String, String> map, String key,
      long[][] stamps, int index, Promise<long[][]> done) {
    if (index == stamps.length) {
      done.complete(stamps);
      return;
    }
    backupNanos = 0;
    long called = System.nanoTime();
    map.submitToKey(key, new TracedIncrement()).whenComplete((ran, failure) -> {
      long completed = System.nanoTime();
      context.runOnContext(v -> {
        if (failure != null) {
          done.fail(failure);
          return;
        }
        stamps[index] = new long[] {called, ran[0], ran[1], backupNanos, completed,
            System.nanoTime()};
        traceOne(context, map, key, stamps, index + 1, done);
      });
    });
  }

  private static Future<long[]> increments(Vertx vertx, GlobalData data, String key,
      int operations) {
    Promise<long[]> done = Promise.promise();
    long[] nanos = new long[operations];
    vertx.runOnContext(v -> incrementOne(data, key, nanos, 0, done));
    return done.future();
  }

  private static void incrementOne(GlobalData data, String key, long[] nanos, int index,
      Promise<long[]> done) {
    if (index == nanos.length) {
      done.complete(nanos);
      return;
    }
    long called = System.nanoTime();
    data.increment(key, 1).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      nanos[index] = System.nanoTime() - called;
      incrementOne(data, key, nanos, index + 1, done);
    });
  }

  private static void report(String what, long[][] stamps, long[] whole) {
    boolean backupSeen = Arrays.stream(stamps).allMatch(s -> s[3] != 0);
    System.out.println("## " + what + ", " + stamps.length + " operations, one caller");
    System.out.println("| hop | p50 µs | p90 µs |");
    System.out.println("|---|---:|---:|");
    row("event loop -> owner's partition thread starts the run", stamps, 0, 1);
    row("entry processor run (read, add, write)", stamps, 1, 2);
    if (backupSeen) {
      row("run end -> backup applied on the other member", stamps, 2, 3);
      row("backup applied -> completion on Hazelcast's thread (ack, response)", stamps, 3, 4);
    } else {
      row("run end -> completion on Hazelcast's thread (backup, ack, response)", stamps, 2, 4);
    }
    row("completion -> caller's context runs", stamps, 4, 5);
    row("**traced call, whole**", stamps, 0, 5);
    long[] sorted = whole.clone();
    Arrays.sort(sorted);
    System.out.printf("| GlobalData increment, whole | %.1f | %.1f |%n",
        sorted[sorted.length / 2] / 1000.0, sorted[sorted.length * 9 / 10] / 1000.0);
    System.out.println();
  }

  private static void row(String hop, long[][] stamps, int from, int to) {
    long[] deltas = Arrays.stream(stamps).mapToLong(s -> s[to] - s[from]).sorted().toArray();
    System.out.printf("| %s | %.1f | %.1f |%n", hop, deltas[deltas.length / 2] / 1000.0,
        deltas[deltas.length * 9 / 10] / 1000.0);
  }

  /**
   * Adds 1 to a decimal value as GlobalData's increment does, and returns the partition
   * thread's stamps at the start and end of the run; its backup replays the write.
   */
  public static final class TracedIncrement
      implements EntryProcessor<String, String, long[]>, DataSerializable {

    private transient String written;

    /** For Hazelcast's deserialization. */
    public TracedIncrement() {
    }

    @Override
    public long[] process(Map.Entry<String, String> entry) {
      long started = System.nanoTime();
      written = Long.toString(Long.parseLong(entry.getValue()) + 1);
      ((ExtendedMapEntry<String, String>) entry).setValueWithoutChangingExpiryTime(written);
      return new long[] {started, System.nanoTime()};
    }

    @Override
    public EntryProcessor<String, String, long[]> getBackupProcessor() {
      return new TracedBackup(written);
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
  }

  /** The backup half: writes the owner's value and stamps when it ran. */
  public static final class TracedBackup
      implements EntryProcessor<String, String, long[]>, DataSerializable {

    private String value;

    /** For Hazelcast's deserialization. */
    public TracedBackup() {
    }

    TracedBackup(String value) {
      this.value = value;
    }

    @Override
    public long[] process(Map.Entry<String, String> entry) {
      ((ExtendedMapEntry<String, String>) entry).setValueWithoutChangingExpiryTime(value);
      backupNanos = System.nanoTime();
      return null;
    }

    @Override
    public EntryProcessor<String, String, long[]> getBackupProcessor() {
      return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      value = in.readString();
    }
  }
}
