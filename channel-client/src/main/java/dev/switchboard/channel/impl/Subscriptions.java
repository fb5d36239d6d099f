package dev.switchboard.channel.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The channels a remote client is subscribed to, kept across reconnects, and the subscribes that
 * wait for a ready connection: each new connection is subscribed to every kept channel, and its
 * answer answers the waiting subscribes.
 *
 * <p>Threading: not thread-safe; used on the client's context.
 */
final class Subscriptions {

  private final Set<String> channels = new LinkedHashSet<>();
  private final List<Promise<Void>> waiting = new ArrayList<>();

  /** @return whether the channel is kept */
  boolean contains(String channel) {
    return channels.contains(channel);
  }

  /** @return how many channels are kept */
  int size() {
    return channels.size();
  }

  /** @return the channels among these that are not kept yet, each once, in their order */
  List<String> fresh(List<String> requested) {
    return requested.stream().distinct().filter(c -> !channels.contains(c)).toList();
  }

  /** Keeps the channels. */
  void addAll(Collection<String> added) {
    channels.addAll(added);
  }

  /** Forgets the channels. */
  void removeAll(Collection<String> removed) {
    removed.forEach(channels::remove);
  }

  /** @return a future answered by the next {@link #resubscribe} */
  Future<Void> awaitConnection() {
    Promise<Void> promise = Promise.promise();
    waiting.add(promise);
    return promise.future();
  }

  /** A subscribe lost with its connection: the next {@link #resubscribe} answers it. */
  void retry(Promise<JsonObject> request) {
    awaitConnection().onComplete(ar -> request.handle(ar.map((JsonObject) null)));
  }

  /**
   * Subscribes a ready connection to every kept channel and answers the waiting subscribes with
   * its outcome, or at once when no channel is kept.
   *
   * @param send sends a subscribe: the channels, then those a refusal forgets
   */
  void resubscribe(BiFunction<List<String>, List<String>, Future<Void>> send) {
    List<Promise<Void>> answered = new ArrayList<>(waiting);
    waiting.clear();
    if (channels.isEmpty()) {
      answered.forEach(Promise::tryComplete);
    } else {
      // a fresh connection holds nothing: a refusal forgets every channel
      List<String> all = new ArrayList<>(channels);
      send.apply(all, all).onComplete(ar -> answered.forEach(p -> p.handle(ar)));
    }
  }

  /** Fails the waiting subscribes. */
  void failWaiting(Throwable cause) {
    waiting.forEach(p -> p.tryFail(cause));
    waiting.clear();
  }
}
