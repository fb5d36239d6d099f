package dev.switchboard.channel.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.QueueItem;
import dev.switchboard.core.internal.Contexts;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.function.Function;

/**
 * A {@link QueueItem} as both faces of the client deliver it: settled once, on the client's
 * context, by a function of the face (true: ack, false: nack).
 *
 * <p>Threading: see {@link QueueItem}.
 */
final class DeliveredItem implements QueueItem {

  private final Context context;
  private final String queue;
  private final Object data;
  private final boolean redelivered;
  private final Function<Boolean, Future<Void>> settle;
  private boolean settled;

  DeliveredItem(Context context, String queue, Object data, boolean redelivered,
      Function<Boolean, Future<Void>> settle) {
    this.context = context;
    this.queue = queue;
    this.data = data;
    this.redelivered = redelivered;
    this.settle = settle;
  }

  @Override
  public String queue() {
    return queue;
  }

  @Override
  public Object data() {
    return data;
  }

  @Override
  public boolean redelivered() {
    return redelivered;
  }

  @Override
  public Future<Void> ack() {
    return settle(true);
  }

  @Override
  public Future<Void> nack() {
    return settle(false);
  }

  private Future<Void> settle(boolean ack) {
    return Contexts.onContext(context, () -> {
      if (settled) {
        return Future.failedFuture(new ChannelException(Reason.BAD_REQUEST, "the item was "
            + "acked or nacked already"));
      }
      settled = true;
      return settle.apply(ack);
    });
  }
}
