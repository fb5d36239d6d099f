package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelAddresses;
import dev.switchboard.channel.ChannelNodeOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import static dev.switchboard.channel.internal.ControlMessages.UNKNOWN;
import static dev.switchboard.channel.internal.ControlMessages.noHandlers;
import static dev.switchboard.channel.internal.ControlMessages.strings;
import static dev.switchboard.channel.internal.ControlMessages.unknown;

/**
 * Which nodes one node counts as its peers, kept converging towards the nodes of the registry
 * ({@link ChannelAddresses#NODES_MAP}) that it can reach.
 *
 * <p>A node writes its own registry entry, with a time to live, when it joins and again at every
 * sync; no node removes another's entry (a crashed node's entry expires). At every sync
 * ({@link ChannelNodeOptions#getSyncInterval()}) the node pings its peers, forgets those whose
 * addresses have no handler (gone, crashed, or cut off by a split), and says hello to every node
 * of the registry it does not count as a peer and to every peer whose channels it has not learnt
 * (a hello that timed out). A peer that answers a ping or an interest change with "unknown" (it
 * forgot this node) gets a hello at once. So a node forgotten for any reason is met again within
 * one sync interval of being reachable and registered.
 *
 * <p>Threading: everything runs on the node's context.
 */
final class NodeMembership {

  private static final Logger LOG = LoggerFactory.getLogger(NodeMembership.class);

  /** Attempts at writing the registry entry when joining, before joining fails. */
  static final int REGISTER_ATTEMPTS = 3;

  /** Pause before writing the registry entry again when joining, in milliseconds. */
  static final long REGISTER_RETRY_DELAY = 200;

  /** A registry entry lives this many sync intervals after its last write... */
  static final int REGISTRY_TTL_INTERVALS = 4;

  /** ...and at least this long, in milliseconds (a long GC pause must not expire it). */
  static final long MIN_REGISTRY_TTL = 10_000;

  /**
   * The field of a hello and of its answer saying that the node reads batches of events
   * ({@link PeerBatches}); a node without it gets each event alone.
   */
  static final String BATCHES = "batches";

  private final Vertx vertx;
  private final EventBus eventBus;
  private final String id;
  private final PeerTable peers;
  private final PeerFlow flow;
  private final Supplier<Collection<String>> localChannels;
  private final DeliveryOptions controlOptions;
  private final long syncInterval;
  private final long registryTtl;
  private final Map<String, Future<Void>> hellos = new HashMap<>();
  /** Peers with a ping in flight: a peer slower than the sync interval gets one at a time. */
  private final Set<String> pinging = new HashSet<>();
  private final LongAdder peersLost = new LongAdder();
  private final LongAdder peerTimeouts = new LongAdder();
  private long syncTimer = -1;
  private boolean left;

  /**
   * @param vertx          the node's Vert.x
   * @param id             the node's id
   * @param peers          the node's peer table
   * @param flow           the windows of the node's peers (opened when met, dropped when
   *                       forgotten)
   * @param localChannels  the channels with local subscribers now
   * @param controlOptions the delivery options of control requests (their timeout)
   * @param options        the node's options
   */
  NodeMembership(Vertx vertx, String id, PeerTable peers, PeerFlow flow,
      Supplier<Collection<String>> localChannels, DeliveryOptions controlOptions,
      ChannelNodeOptions options) {
    this.vertx = vertx;
    this.eventBus = vertx.eventBus();
    this.id = id;
    this.peers = peers;
    this.flow = flow;
    this.localChannels = localChannels;
    this.controlOptions = controlOptions;
    this.syncInterval = options.getSyncInterval();
    this.registryTtl = Math.max(MIN_REGISTRY_TTL, REGISTRY_TTL_INTERVALS * syncInterval);
  }

  /**
   * Writes the registry entry, says hello to every node of the registry, and starts the syncs.
   *
   * @return a future completed once every node of the registry answered or timed out
   */
  Future<Void> join() {
    return registry()
        .compose(map -> register(map, 1).compose(v -> map.keys()))
        .compose(ids -> {
          List<Future<Void>> answers = new ArrayList<>();
          ids.stream().filter(peer -> !peer.equals(id)).forEach(peer -> answers.add(hello(peer)));
          return Future.all(answers);
        })
        .<Void>mapEmpty()
        .onSuccess(v -> syncTimer = vertx.setPeriodic(syncInterval, t -> sync()));
  }

  /**
   * Stops the syncs, says bye to the peers and removes the registry entry.
   *
   * @return a future completed once the entry is removed (or that failed, bounded)
   */
  Future<Void> leave() {
    left = true;
    vertx.cancelTimer(syncTimer);
    JsonObject bye = new JsonObject().put("op", "bye").put("node", id);
    peers.peers().forEach(peer -> eventBus.send(ChannelAddresses.control(peer), bye));
    return registry().compose(map -> map.remove(id)).<Void>mapEmpty()
        .timeout(controlOptions.getSendTimeout(), TimeUnit.MILLISECONDS)
        .recover(e -> Future.succeededFuture());
  }

  /**
   * Writes the registry entry, again when the write fails: the write is idempotent, and while
   * partitions migrate Hazelcast can fail a write it has applied (a backup it could not confirm
   * fails under {@code hazelcast.operation.fail.on.indeterminate.state}).
   */
  private Future<Void> register(AsyncMap<String, String> map, int attempt) {
    return map.put(id, "1", registryTtl).recover(e -> {
      if (attempt >= REGISTER_ATTEMPTS) {
        return Future.failedFuture(e);
      }
      LOG.warn("Channel node {}: writing its registry entry failed ({}); attempt {} of {}", id,
          e.toString(), attempt + 1, REGISTER_ATTEMPTS);
      return vertx.timer(REGISTER_RETRY_DELAY * attempt)
          .compose(t -> register(map, attempt + 1));
    });
  }

  private Future<AsyncMap<String, String>> registry() {
    return vertx.sharedData().getAsyncMap(ChannelAddresses.NODES_MAP);
  }

  /** One anti-entropy round: own entry, liveness of the peers, hellos to the nodes not met. */
  private void sync() {
    registry().compose(map -> map.put(id, "1", registryTtl))
        .onFailure(e -> LOG.warn("Channel node {}: writing its registry entry failed ({}); "
            + "written again at the next sync", id, e.toString()));
    for (String peer : peers.peers()) {
      ping(peer);
    }
    registry().compose(AsyncMap::keys).onComplete(ar -> {
      if (left) {
        return;
      }
      Set<String> targets = new HashSet<>(peers.unsynced());
      if (ar.succeeded()) {
        ar.result().stream().filter(peer -> !peer.equals(id) && !peers.synced(peer))
            .forEach(targets::add);
      } else {
        LOG.warn("Channel node {}: reading the registry failed ({}); read again at the next sync",
            id, ar.cause().toString());
      }
      targets.forEach(this::hello);
    });
  }

  private void ping(String peer) {
    if (!pinging.add(peer)) {
      return;
    }
    eventBus.<JsonObject>request(ChannelAddresses.control(peer),
        new JsonObject().put("op", "ping").put("node", id), controlOptions).onComplete(ar -> {
          pinging.remove(peer);
          if (left) {
            return;
          }
          if (ar.succeeded()) {
            if (unknown(ar.result().body())) {
              hello(peer);
            } else {
              flow.onPong(peer, ar.result().body()); // acks lost on the way are carried here
            }
          } else if (noHandlers(ar.cause())) {
            forget(peer);
          }
        });
  }

  /**
   * Says hello to a node: sends this node's channels, learns the node's. At most one hello per
   * node is in flight; a second call returns the first one's future.
   *
   * @param peer the node
   * @return a future completed (never failed) once the node answered, is known to be gone, or
   *     timed out (then it is kept as an unsynced peer and asked again at the next sync)
   */
  Future<Void> hello(String peer) {
    Future<Void> running = hellos.get(peer);
    if (running != null) {
      return running;
    }
    Promise<Void> done = Promise.promise();
    hellos.put(peer, done.future());
    JsonObject hello = new JsonObject().put("op", "hello").put("node", id).put(BATCHES, true)
        .put("channels", new JsonArray(new ArrayList<>(localChannels.get())));
    eventBus.<JsonObject>request(ChannelAddresses.control(peer), hello, controlOptions)
        .onComplete(ar -> {
          hellos.remove(peer);
          if (!left) {
            helloAnswered(peer, ar.succeeded() ? ar.result().body() : null, ar.cause());
          }
          done.complete();
        });
    return done.future();
  }

  private void helloAnswered(String peer, JsonObject answer, Throwable failure) {
    if (failure == null) {
      flow.open(peer, answer != null && Boolean.TRUE.equals(answer.getValue(BATCHES)));
      if (peers.sync(peer, strings(answer == null ? null : answer.getJsonArray("channels")))) {
        LOG.info("Channel node {}: met node {}, peers={}", id, peer, peers.size());
      }
    } else if (noHandlers(failure)) {
      if (!forget(peer)) {
        LOG.debug("Channel node {}: registry entry of node {} has no handler", id, peer);
      }
    } else {
      flow.openUnlessDisconnected(peer);
      peers.addUnsynced(peer);
      LOG.warn("Channel node {}: node {} did not answer hello ({}); kept as a peer, asked again "
          + "at the next sync", id, peer, failure.getMessage());
    }
  }

  /**
   * Forgets a peer whose addresses have no handler: it left, crashed, or is cut off (a split, a
   * pause past the cluster's heartbeat timeout); the syncs meet it again if it comes back.
   *
   * @param peer the node
   * @return whether it was a peer
   */
  boolean forget(String peer) {
    flow.forget(peer);
    if (!peers.remove(peer)) {
      return false;
    }
    peersLost.increment();
    LOG.info("Channel node {}: node {} is gone or unreachable, peers={}", id, peer, peers.size());
    return true;
  }

  /**
   * Forgets a peer whose window overflowed ({@code DISCONNECT_PEER}): its interest and windows go,
   * and the next sync says hello to it again (a hello it answers relearns its interest).
   *
   * @param peer the node
   */
  void disconnect(String peer) {
    flow.forget(peer);
    if (peers.remove(peer)) {
      LOG.info("Channel node {}: node {} disconnected, peers={}", id, peer, peers.size());
    }
  }

  /**
   * @return how many times a peer was forgotten because its addresses had no handler
   */
  long peersLost() {
    return peersLost.sum();
  }

  /**
   * @return the interest changes a peer did not confirm in time, since the node started
   */
  long peerTimeouts() {
    return peerTimeouts.sum();
  }

  /**
   * Tells every peer of a change of this node's interest; a peer that forgot this node gets a
   * hello, one that is gone is forgotten.
   *
   * @param change the channels added ({@code add}) and removed ({@code remove})
   * @return a future completed once every peer answered or timed out
   */
  Future<Void> announce(JsonObject change) {
    change.put("op", "interest").put("node", id);
    List<Future<Void>> answers = new ArrayList<>();
    for (String peer : peers.peers()) {
      answers.add(eventBus.<JsonObject>request(ChannelAddresses.control(peer), change,
              controlOptions)
          // a peer that forgot this node learns all its channels from a hello
          .compose(reply -> unknown(reply.body()) ? hello(peer)
              : Future.<Void>succeededFuture())
          .recover(e -> {
            if (noHandlers(e)) {
              forget(peer);
            } else {
              peerTimeouts.increment();
              LOG.warn("Channel node {}: node {} did not confirm an interest change ({})", id, peer,
                  e.getMessage());
            }
            return Future.succeededFuture();
          }));
    }
    return Future.all(answers).mapEmpty();
  }

  /** Answers a hello: the sender becomes a peer with exactly the channels it sent. */
  void onHello(Message<JsonObject> msg, String peer) {
    flow.open(peer, Boolean.TRUE.equals(msg.body().getValue(BATCHES)));
    if (peers.sync(peer, strings(msg.body().getJsonArray("channels")))) {
      LOG.info("Channel node {}: node {} joined, peers={}", id, peer, peers.size());
    }
    msg.reply(new JsonObject().put(BATCHES, true)
        .put("channels", new JsonArray(new ArrayList<>(localChannels.get()))));
  }

  /**
   * Answers a ping with what this node has handled of the pinger's windows; "unknown" tells a node
   * this one forgot that it should say hello again.
   */
  void onPing(Message<JsonObject> msg, String peer) {
    msg.reply(peers.known(peer) ? flow.pong(peer) : UNKNOWN);
  }

  /** Forgets a node that left. */
  void onBye(String peer) {
    flow.forget(peer);
    if (peers.remove(peer)) {
      LOG.info("Channel node {}: node {} left, peers={}", id, peer, peers.size());
    }
  }
}
