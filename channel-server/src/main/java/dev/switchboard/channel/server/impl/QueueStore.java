package dev.switchboard.channel.server.impl;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapListener;
import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.server.WorkQueueOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;
import java.util.function.IntConsumer;

/**
 * The work queues' store: one entry per queue in the Hazelcast map {@value #MAP_NAME} of the
 * node's member, with one synchronous backup, changed only by {@link QueueOp}s. It also puts back
 * the items held by a member that left the cluster (and, when it opens, by members no longer
 * there), since their watchers went with it.
 *
 * <p>Threading: every method from any thread; the futures complete on Hazelcast or worker
 * threads.
 */
final class QueueStore {

  /** The Hazelcast map of the work queues: {@value}. */
  static final String MAP_NAME = WorkQueueOptions.MAP_NAME;

  private static final Logger LOG = LoggerFactory.getLogger(QueueStore.class);

  private final Vertx vertx;
  private final HazelcastInstance member;
  private final IMap<String, QueueState> map;
  private final String memberId;
  private final IntConsumer released;
  private UUID membershipListener;

  private QueueStore(Vertx vertx, HazelcastInstance member, IntConsumer released) {
    this.vertx = vertx;
    this.member = member;
    this.map = member.getMap(MAP_NAME);
    this.memberId = member.getCluster().getLocalMember().getUuid().toString();
    this.released = released;
  }

  /**
   * Opens the store of a clustered node: makes sure the map has one synchronous backup on every
   * member, then puts back the items held by members no longer in the cluster.
   *
   * @param vertx    the node
   * @param released told how many items went back to their queues after members left
   * @return the store; failed with {@code QUEUES_UNAVAILABLE} when the node is not clustered
   *     over Hazelcast or the map's configuration has no synchronous backup
   */
  static Future<QueueStore> open(Vertx vertx, IntConsumer released) {
    HazelcastInstance member;
    try {
      member = member(vertx);
    } catch (ChannelException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> {
      configure(member);
      QueueStore store = new QueueStore(vertx, member, released);
      store.membershipListener = member.getCluster().addMembershipListener(store.listener());
      return store;
    }, false).onSuccess(QueueStore::releaseAbsent);
  }

  /**
   * The Hazelcast member of a node. A minimal lookup of its own (global-data's {@code
   * MemberLookup} is that module's impl, which this module may not import, and this module does
   * not depend on global-data): the node's cluster manager, which Vert.x exposes only through its
   * internal API ({@code VertxInternal.clusterManager()}, no public getter).
   */
  static HazelcastInstance member(Vertx vertx) {
    if (vertx.isClustered() && vertx instanceof VertxInternal internal
        && internal.clusterManager() instanceof HazelcastClusterManager hazelcast) {
      return hazelcast.getHazelcastInstance();
    }
    throw new ChannelException(Reason.QUEUES_UNAVAILABLE, "work queues need a node clustered "
        + "over Hazelcast (-cluster)");
  }

  /**
   * Gives the map one synchronous backup and the OBJECT in-memory format (entry processors then
   * change the stored queue without deserializing it) on every member, unless the member
   * configuration names the map; refuses a configuration without a synchronous backup.
   */
  static void configure(HazelcastInstance member) {
    Config config = member.getConfig();
    if (config.getMapConfigOrNull(MAP_NAME) == null) {
      try {
        // a dynamic configuration: Hazelcast gives it to every member, and to those that join
        config.addMapConfig(new MapConfig(MAP_NAME).setBackupCount(1).setAsyncBackupCount(0)
            .setInMemoryFormat(InMemoryFormat.OBJECT));
      } catch (InvalidConfigurationException raced) {
        LOG.debug("Work queue map configured by another member meanwhile: {}", raced.getMessage());
      }
    }
    MapConfig found = config.findMapConfig(MAP_NAME);
    if (found.getBackupCount() < 1) {
      throw new ChannelException(Reason.QUEUES_UNAVAILABLE, "the member configuration gives map "
          + MAP_NAME + " backup-count " + found.getBackupCount() + ": a member crash could lose "
          + "acknowledged items; work queues need backup-count 1 or more");
    }
  }

  /** Puts back, in the background, the items held by members no longer in the cluster. */
  private void releaseAbsent() {
    List<String> present = member.getCluster().getMembers().stream()
        .map(m -> m.getUuid().toString()).toList();
    vertx.executeBlocking(() -> releaseAll(QueueOp.releaseAbsent(present)), false)
        .onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("Work queues: could not put back the items of members no longer in the "
                + "cluster: {}", ar.cause().toString());
          } else if (ar.result() > 0) {
            LOG.info("Work queues: {} items held by members no longer in the cluster went back "
                + "to their queues", ar.result());
            released.accept(ar.result());
          }
        });
  }

  /** @return this member's id, the first part of its holders' ids */
  String memberId() {
    return memberId;
  }

  /**
   * Runs an operation on a queue's entry.
   *
   * @return its result, once applied on the owner and its synchronous backup
   */
  @SuppressWarnings("unchecked")
  <T> Future<T> run(String queue, QueueOp op) {
    try {
      return Future.fromCompletionStage(map.submitToKey(queue, op)).map(r -> (T) r);
    } catch (RuntimeException e) {
      // Hazelcast shutting down: refused before anything was sent
      return Future.failedFuture(e);
    }
  }

  /**
   * Listens for changes of a queue's entry (an item added or put back, or one taken).
   *
   * @return the listener's id, once registered on every member
   */
  Future<UUID> listen(String queue, Runnable changed) {
    MapListener listener = new ChangeListener(changed);
    return vertx.executeBlocking(() -> map.addEntryListener(listener, queue, false), false);
  }

  /** Stops a listener of {@link #listen}. */
  Future<Boolean> unlisten(UUID id) {
    return vertx.executeBlocking(() -> map.removeEntryListener(id), false);
  }

  /** @return the queues in the cluster (an estimate while they change) */
  int queueCount() {
    return map.size();
  }

  /** Stops listening to the membership; on any thread. */
  void close() {
    if (membershipListener != null && member.getLifecycleService().isRunning()) {
      member.getCluster().removeMembershipListener(membershipListener);
    }
  }

  private int releaseAll(QueueOp op) {
    int back = 0;
    for (Object count : map.executeOnEntries(op).values()) {
      back += count instanceof Integer n ? n : 0;
    }
    return back;
  }

  private MembershipListener listener() {
    return new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        Member gone = event.getMember();
        vertx.executeBlocking(() -> releaseAll(QueueOp.releaseMember(gone.getUuid().toString())),
            false).onComplete(ar -> {
              if (ar.failed()) {
                LOG.warn("Work queues: could not put back the items of member {} that left: {}",
                    gone.getAddress(), ar.cause().toString());
              } else if (ar.result() > 0) {
                LOG.info("Work queues: member {} left; {} items it held went back to their "
                    + "queues", gone.getAddress(), ar.result());
                released.accept(ar.result());
              }
            });
      }
    };
  }

  /** Tells of an entry added or updated (not of its removal: nothing to deliver then). */
  private record ChangeListener(Runnable changed)
      implements EntryAddedListener<String, QueueState>, EntryUpdatedListener<String, QueueState> {
    @Override
    public void entryAdded(com.hazelcast.core.EntryEvent<String, QueueState> event) {
      changed.run();
    }

    @Override
    public void entryUpdated(com.hazelcast.core.EntryEvent<String, QueueState> event) {
      changed.run();
    }
  }
}
