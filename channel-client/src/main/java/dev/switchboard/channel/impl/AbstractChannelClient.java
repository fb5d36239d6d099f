package dev.switchboard.channel.impl;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.ChannelMessage;
import dev.switchboard.channel.QueueItem;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.core.internal.Contexts;
import dev.switchboard.core.internal.LogSafe;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What both faces of {@link ChannelClient} share: the client's context, the handlers, the state
 * listeners and argument checks.
 *
 * <p>Threading: public methods hop to the client's context; the rest runs on it.
 */
abstract class AbstractChannelClient implements ChannelClient {

  private static final Logger LOG = LoggerFactory.getLogger(AbstractChannelClient.class);

  protected final Vertx vertx;
  protected final Context context;
  private final int maxChannels;
  private final int maxChannelNameLength;
  private final Map<String, Handler<ChannelMessage>> handlers = new HashMap<>();
  private final List<Handler<State>> stateListeners = new CopyOnWriteArrayList<>();
  private volatile Handler<ChannelMessage> messageHandler;
  private volatile State state = State.NEW;

  /**
   * @param vertx                the Vert.x instance running the client
   * @param maxChannels          the most channels one call may name
   * @param maxChannelNameLength the longest channel name, in UTF-16 code units
   */
  AbstractChannelClient(Vertx vertx, int maxChannels, int maxChannelNameLength) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.context = vertx.getOrCreateContext();
    this.maxChannels = maxChannels;
    this.maxChannelNameLength = maxChannelNameLength;
  }

  @Override
  public Future<Void> on(String channel, Handler<ChannelMessage> handler) {
    Objects.requireNonNull(handler, "handler");
    return onContext(() -> {
      List<String> channels = List.of(channel == null ? "" : channel);
      Future<Void> invalid = checkChannels(channels);
      if (invalid != null) {
        return invalid;
      }
      Handler<ChannelMessage> previous = handlers.put(channel, handler);
      return doSubscribe(channels).onFailure(e -> {
        if (refused(e)) {
          if (previous == null) {
            handlers.remove(channel, handler);
          } else {
            handlers.replace(channel, handler, previous);
          }
        }
      });
    });
  }

  @Override
  public Future<Void> subscribe(Collection<String> channels) {
    return onContext(() -> {
      Future<Void> invalid = checkChannels(channels);
      return invalid != null ? invalid : doSubscribe(List.copyOf(channels));
    });
  }

  @Override
  public Future<Void> unsubscribe(Collection<String> channels) {
    return onContext(() -> {
      Future<Void> invalid = checkChannels(channels);
      if (invalid != null) {
        return invalid;
      }
      channels.forEach(handlers::remove);
      return doUnsubscribe(List.copyOf(channels));
    });
  }

  @Override
  public Future<Void> publish(Collection<String> channels, Object data) {
    return publish(channels, data, false);
  }

  @Override
  public Future<Void> publishLoop(Collection<String> channels, Object data) {
    return publish(channels, data, true);
  }

  private Future<Void> publish(Collection<String> channels, Object data, boolean loop) {
    return onContext(() -> {
      Future<Void> invalid = checkChannels(channels);
      if (invalid != null) {
        return invalid;
      }
      try {
        return doPublish(List.copyOf(channels), data, loop);
      } catch (ChannelException e) {
        return Future.failedFuture(e);
      }
    });
  }

  @Override
  public Future<Void> enqueue(String queue, Object data) {
    return onContext(() -> {
      Future<Void> invalid = checkChannels(List.of(queue == null ? "" : queue));
      if (invalid != null) {
        return invalid;
      }
      try {
        return doEnqueue(queue, Frames.encodeData(data));
      } catch (ChannelException e) {
        return Future.failedFuture(e);
      }
    });
  }

  @Override
  public Future<Void> watch(String queue, Handler<QueueItem> handler) {
    Objects.requireNonNull(handler, "handler");
    return onContext(() -> {
      Future<Void> invalid = checkChannels(List.of(queue == null ? "" : queue));
      return invalid != null ? invalid : doWatch(queue, handler);
    });
  }

  @Override
  public Future<Void> unwatch(String queue) {
    return onContext(() -> {
      Future<Void> invalid = checkChannels(List.of(queue == null ? "" : queue));
      return invalid != null ? invalid : doUnwatch(queue);
    });
  }

  @Override
  public ChannelClient messageHandler(Handler<ChannelMessage> handler) {
    this.messageHandler = handler;
    return this;
  }

  @Override
  public ChannelClient stateListener(Handler<State> listener) {
    stateListeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  @Override
  public State state() {
    return state;
  }

  /** Subscribes to valid channels, on the context. */
  abstract Future<Void> doSubscribe(List<String> channels);

  /** Unsubscribes from valid channels, on the context. */
  abstract Future<Void> doUnsubscribe(List<String> channels);

  /** Publishes to valid channels, on the context; may throw a ChannelException. */
  abstract Future<Void> doPublish(List<String> channels, Object data, boolean loop);

  /** Enqueues a valid queue's item (data as JSON text), on the context. */
  abstract Future<Void> doEnqueue(String queue, String dataJson);

  /** Watches a valid queue, on the context. */
  abstract Future<Void> doWatch(String queue, Handler<QueueItem> handler);

  /** Stops watching a valid queue, on the context. */
  abstract Future<Void> doUnwatch(String queue);

  /** Calls the channel's handler, or the message handler, with an event; on the context. */
  void dispatch(String channel, Object data) {
    Handler<ChannelMessage> handler = handlers.get(channel);
    if (handler == null) {
      handler = messageHandler;
    }
    if (handler == null) {
      LOG.debug("Event on channel={} has no handler; dropped", LogSafe.escape(channel));
      return;
    }
    try {
      handler.handle(new ChannelMessage(channel, data));
    } catch (RuntimeException e) {
      LOG.error("Handler of channel={} failed", LogSafe.escape(channel), e);
    }
  }

  /** Changes the state and tells the listeners; on the context. */
  void state(State next) {
    if (state == next) {
      return;
    }
    state = next;
    for (Handler<State> listener : stateListeners) {
      try {
        listener.handle(next);
      } catch (RuntimeException e) {
        LOG.error("Channel client state listener failed", e);
      }
    }
  }

  /**
   * @return whether a subscribe failure is the server's refusal (the subscription is forgotten),
   *     rather than a timeout or a close
   */
  static boolean refused(Throwable failure) {
    return failure instanceof ChannelException e && e.reason() != Reason.CLOSED
        && e.reason() != Reason.TIMEOUT && e.reason() != Reason.DISCONNECTED;
  }

  /** Runs an action on the client's context; fails with CLOSED once the client is closed. */
  <T> Future<T> onContext(Supplier<Future<T>> action) {
    return onContextAlways(() -> guarded(action));
  }

  /** Runs an action on the client's context, even once it is closed. */
  <T> Future<T> onContextAlways(Supplier<Future<T>> action) {
    return Contexts.onContext(context, action);
  }

  private <T> Future<T> guarded(Supplier<Future<T>> action) {
    if (state == State.CLOSED) {
      return Future.failedFuture(new ChannelException(Reason.CLOSED, "channel client closed"));
    }
    return action.get();
  }

  /**
   * @return null when the channels may be sent, else a failed future saying why (nothing is sent)
   */
  private Future<Void> checkChannels(Collection<String> channels) {
    if (channels == null || channels.isEmpty()) {
      return Future.failedFuture(new ChannelException(Reason.BAD_CHANNEL, "no channel given"));
    }
    if (channels.size() > maxChannels) {
      return Future.failedFuture(new ChannelException(Reason.TOO_MANY_CHANNELS, "a request may "
          + "name at most " + maxChannels + " channels"));
    }
    for (String channel : channels) {
      if (channel == null || channel.isEmpty() || channel.length() > maxChannelNameLength) {
        return Future.failedFuture(new ChannelException(Reason.BAD_CHANNEL,
            "channel names must have 1 to " + maxChannelNameLength + " characters"));
      }
    }
    return null;
  }
}
