package dev.switchboard.channel;

import dev.switchboard.channel.impl.LocalChannelClient;
import dev.switchboard.channel.impl.RemoteChannelClient;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.List;

/**
 * Publish/subscribe on the cluster's channel space, with one API and two faces:
 * <ul>
 *   <li>remote ({@link #create(Vertx, ChannelClientOptions)}): a TCP connection to a channel
 *   server, for processes outside the cluster. It reconnects with capped exponential backoff and
 *   jitter, fails over across its server list, re-subscribes after a reconnect, pings while idle
 *   and keeps publishes made while disconnected in a bounded outbox sent in order after the
 *   reconnect;</li>
 *   <li>local ({@link #local(Vertx)}): straight on the clustered event bus of a node.</li>
 * </ul>
 * Both reach the same subscribers: what a local client publishes reaches remote subscribers and
 * the other way round. Delivery is at most once, in publish order per publisher.
 *
 * <p>Threading: every method may be called from any thread. Returned futures complete, and
 * handlers run, on the client's own Vert.x context (the caller's context when the client was
 * created on one). Plain Java code uses {@code future.toCompletionStage()}.
 *
 * <p>Methods other than {@link #connect()} and {@link #close()} connect first if needed.
 */
public interface ChannelClient {

  /** The state of a client's connection. */
  enum State {
    /** Created, {@link #connect()} not called yet. */
    NEW,
    /** Connecting, or reconnecting after a lost connection. */
    CONNECTING,
    /** Connected (and authenticated): requests go straight to the server. */
    CONNECTED,
    /** Connection lost; a reconnection is scheduled. Publishes go to the outbox. */
    DISCONNECTED,
    /** Closed by {@link #close()}: every later call fails with {@code CLOSED}. */
    CLOSED
  }

  /**
   * A remote client on the given Vert.x instance.
   *
   * @param vertx   the Vert.x instance whose event loop runs the client
   * @param options servers, token, TLS, timeouts
   * @return the client, not connected yet
   */
  static ChannelClient create(Vertx vertx, ChannelClientOptions options) {
    return new RemoteChannelClient(vertx, options, false);
  }

  /**
   * A remote client with its own small Vert.x instance (one event loop), closed with the client:
   * for plain Java services that do not otherwise use Vert.x.
   *
   * @param options servers, token, TLS, timeouts
   * @return the client, not connected yet
   */
  static ChannelClient create(ChannelClientOptions options) {
    Vertx own = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    return new RemoteChannelClient(own, options, true);
  }

  /**
   * A client on the channel space of this node (the clustered event bus); no server needed.
   *
   * @param vertx a node (clustered, or standalone for a one-process channel space)
   * @return the client, not connected yet
   */
  static ChannelClient local(Vertx vertx) {
    return new LocalChannelClient(vertx);
  }

  /**
   * Connects (remote: to the first server of the list that accepts and authenticates; local: joins
   * this node's channel space). Calling it again returns the same future.
   *
   * @return a future completed when connected; failed with {@code CONNECT_FAILED} or
   *     {@code AUTH_FAILED} when no server of the list could be used in a first round (a remote
   *     client then keeps trying in the background until closed)
   */
  Future<Void> connect();

  /**
   * Subscribes to a channel and sets its handler (a later {@code on} for the same channel replaces
   * the handler).
   *
   * @param channel the channel
   * @param handler called with each event of the channel, on the client's context
   * @return a future completed when every node that the serving node counts as a peer has
   *     confirmed the subscription: anything published after it completed on such a node is
   *     delivered (a node unreachable at that moment, or one that did not answer within 5 s,
   *     learns of it later: see docs/channel.md); failed at once, without anything sent, when the
   *     name is empty or over {@code maxChannelNameLength}
   */
  Future<Void> on(String channel, Handler<ChannelMessage> handler);

  /**
   * Subscribes to channels whose events go to the {@link #messageHandler(Handler)}.
   *
   * @param channels the channels
   * @return a future completed as for {@link #on(String, Handler)}; failed at once, without
   *     anything sent, when a name is over the limits or the client would hold more than
   *     {@code maxChannels} channels. A subscribe the server refuses changes nothing: channels
   *     held before stay subscribed
   */
  Future<Void> subscribe(Collection<String> channels);

  /**
   * Sets the handler of events on channels subscribed without their own handler.
   *
   * @param handler called with each such event, on the client's context
   * @return a reference to this, so the API can be used fluently
   */
  ChannelClient messageHandler(Handler<ChannelMessage> handler);

  /**
   * Unsubscribes from channels and forgets their handlers.
   *
   * @param channels the channels
   * @return a future completed when the server has removed the subscriptions
   */
  Future<Void> unsubscribe(Collection<String> channels);

  /**
   * Publishes to one channel.
   *
   * @param channel the channel
   * @param data    a String, Number, Boolean, {@code JsonObject}, {@code JsonArray} or null
   * @return a future completed when the server has accepted and routed the event (or, for a local
   *     client, when it is routed); failed with {@code OUTBOX_FULL} while disconnected with a full
   *     outbox, {@code DISCONNECTED} when the connection was lost before the answer
   */
  default Future<Void> publish(String channel, Object data) {
    return publish(List.of(channel), data);
  }

  /**
   * Publishes the same data to several channels.
   *
   * @param channels the channels
   * @param data     a String, Number, Boolean, {@code JsonObject}, {@code JsonArray} or null
   * @return a future completed as for {@link #publish(String, Object)}
   */
  Future<Void> publish(Collection<String> channels, Object data);

  /**
   * Appends an item to a cluster-wide work queue (docs/channel.md, "Work queues"), creating the
   * queue. A remote client's enqueue goes through its channel server; a local client's through
   * the channel server of its node (it fails with {@code QUEUES_UNAVAILABLE} on a node that runs
   * none). Unlike a publish, an enqueue is not kept in the outbox while disconnected.
   *
   * @param queue the queue, named as a channel is
   * @param data  a String, Number, Boolean, {@code JsonObject}, {@code JsonArray} or null
   * @return a future completed once the item is stored with its backup (it survives the loss of
   *     one cluster member); failed with {@code QUEUE_FULL} or {@code ITEM_TOO_LARGE} (nothing
   *     stored), {@code FORBIDDEN}, {@code QUEUES_UNAVAILABLE}, or {@code DISCONNECTED} /
   *     {@code TIMEOUT} (stored or not: enqueue again for at least once)
   */
  Future<Void> enqueue(String queue, Object data);

  /**
   * Watches a work queue: its items come to the handler one at a time, each once the previous
   * one was acked or nacked ({@link QueueItem}), to one watcher at a time anywhere in the
   * cluster. A later {@code watch} of the same queue replaces the handler. A remote client
   * watches again after a reconnect; items it held unacknowledged when the connection was lost
   * are delivered again (to any watcher).
   *
   * @param queue   the queue
   * @param handler called with each item, on the client's context
   * @return a future completed once the watch is live on the server; failed with {@code
   *     TOO_MANY_WATCHES}, {@code FORBIDDEN} or {@code QUEUES_UNAVAILABLE} (then forgotten)
   */
  Future<Void> watch(String queue, Handler<QueueItem> handler);

  /**
   * Stops watching a work queue: items of it held and not settled go back to the head of the
   * queue, for other watchers.
   *
   * @param queue the queue
   * @return a future completed once the server has stopped the watch
   */
  Future<Void> unwatch(String queue);

  /**
   * Publishes to one subscriber of a channel, in turn (Workerman Channel's {@code publishLoop}):
   * the node the request reaches picks in turn among the nodes with a subscriber of the channel,
   * and the node picked among its subscribers, so the subscribers share the events (each node an
   * equal share, see docs/channel.md). A channel without subscribers drops the event.
   *
   * @param channel the channel
   * @param data    a String, Number, Boolean, {@code JsonObject}, {@code JsonArray} or null
   * @return a future completed as for {@link #publish(String, Object)}
   */
  default Future<Void> publishLoop(String channel, Object data) {
    return publishLoop(List.of(channel), data);
  }

  /**
   * Publishes to one subscriber of each channel, in turn, as {@link #publishLoop(String, Object)}.
   *
   * @param channels the channels
   * @param data     a String, Number, Boolean, {@code JsonObject}, {@code JsonArray} or null
   * @return a future completed as for {@link #publish(String, Object)}
   */
  Future<Void> publishLoop(Collection<String> channels, Object data);

  /**
   * Reads the counters of the channel space: for a remote client, those of the server it is
   * connected to and of that server's node; for a local client, those of its node.
   *
   * @return a future completed with the counters as JSON (keys in {@code docs/channel.md})
   */
  Future<JsonObject> status();

  /**
   * Reads the counters of every node of the channel space, as {@link #status()} gives one node's:
   * for a remote client, the server it is connected to gathers them (the protocol's {@code status}
   * request with {@code "cluster": true}); for a local client, its node does. Each node answers
   * within 3 seconds or is named under {@code notAnswering}.
   *
   * @return a future completed with {@code {"nodes": {<node id>: <node status>}, "notAnswering":
   *     [<node id>]}}
   */
  Future<JsonObject> clusterStatus();

  /**
   * Adds a listener of connection state changes.
   *
   * @param listener called with each new state, on the client's context
   * @return a reference to this, so the API can be used fluently
   */
  ChannelClient stateListener(Handler<State> listener);

  /**
   * @return the current state
   */
  State state();

  /**
   * Closes the client: ends its subscriptions (a server drops them with the connection), closes
   * the connection, fails pending requests and outbox entries with {@code CLOSED}, and closes the
   * client's own Vert.x instance if it has one.
   *
   * @return a future completed when closed
   */
  Future<Void> close();
}
