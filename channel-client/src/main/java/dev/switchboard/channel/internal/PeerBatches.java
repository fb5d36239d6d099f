package dev.switchboard.channel.internal;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events one event loop sends to the peers during one of its turns, gathered per peer into one
 * event-bus message sent at the end of the turn, or sooner once it holds {@link #MAX_BYTES}. A
 * peer then decodes one clustered event-bus message per turn of the sender rather than one per
 * event: decoding those messages was 69 % of the receiving server's samples with one subscriber
 * (docs/benchmarks.md, issue 19 point 3).
 *
 * <p>Order is kept: the events a context sends to a peer are in its batch in the order sent, a
 * batch is sent before any event that follows it (an event sent alone first sends the batch it
 * would overtake), and the event bus keeps the order of one thread's messages to an address.
 *
 * <p>Layout of a batch (header {@value #HEADER}): for each event, uint8 flags ({@link #LOOP}),
 * int32 length, the envelope ({@link EventEnvelope}, stamped with its own window count). Only a
 * peer that said in its hello that it reads batches gets them; any other gets each event alone.
 *
 * <p>Threading: {@link #batch} and {@link #sendAlone} from any thread; events are batched only on
 * the thread of an event-loop context (a context's batches are its own and flushed by a task on
 * it), and sent alone from anywhere else; {@link #forEach} on any thread.
 */
final class PeerBatches {

  /** The delivery header of a batch of events. */
  static final String HEADER = "batch";

  /** The flag of an event of a {@code publishLoop}: for one subscriber of the peer. */
  static final int LOOP = 1;

  /** A batch reaching this many bytes is sent at once. */
  static final int MAX_BYTES = 64 * 1024;

  /** Bytes before each envelope: flags and length. */
  private static final int ENTRY_HEADER = 5;

  private static final DeliveryOptions BATCH = new DeliveryOptions().addHeader(HEADER, "1");
  private static final DeliveryOptions LOOP_ALONE =
      new DeliveryOptions().addHeader(PeerEvents.LOOP, "1");

  private final EventBus eventBus;
  /** The key of a context's pending batches in its data; one per node. */
  private final Object key = new Object();

  PeerBatches(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  /**
   * Puts one stamped envelope into the current context's batch for a peer, when the peer reads
   * batches and the caller is on an event-loop context.
   *
   * @param address      the peer's events address
   * @param envelope     the envelope, stamped; copied into the batch (the caller may reuse it)
   * @param loop         whether the event is for one subscriber of the peer ({@code publishLoop})
   * @param readsBatches whether the peer reads batches
   * @return whether the envelope is in a batch; if not, send it with {@link #sendAlone}
   */
  boolean batch(String address, Buffer envelope, boolean loop, boolean readsBatches) {
    Context context = readsBatches ? Vertx.currentContext() : null;
    if (context == null || !context.isEventLoopContext()) {
      return false;
    }
    pending(context).add(address, envelope, loop);
    return true;
  }

  /**
   * Sends one envelope alone, after the current context's batch for the peer if it has one (so
   * the envelope does not overtake it).
   *
   * @param address  the peer's events address
   * @param envelope the envelope, stamped; the caller must not change it afterwards
   * @param loop     whether the event is for one subscriber of the peer ({@code publishLoop})
   */
  void sendAlone(String address, Buffer envelope, boolean loop) {
    Context context = Vertx.currentContext();
    if (context != null && context.isEventLoopContext()) {
      Pending pending = context.get(key);
      if (pending != null) {
        pending.flush(address);
      }
    }
    if (loop) {
      eventBus.send(address, envelope, LOOP_ALONE);
    } else {
      eventBus.send(address, envelope);
    }
  }

  private Pending pending(Context context) {
    Pending pending = context.get(key);
    if (pending == null) {
      pending = new Pending(context);
      context.put(key, pending);
    }
    return pending;
  }

  /**
   * Reads a batch.
   *
   * @param batch   the message body
   * @param handler given each envelope with its {@link #LOOP} flag, in order
   * @throws IllegalArgumentException at the first entry that does not fit in the batch (the
   *     entries before it have been handled)
   */
  static void forEach(Buffer batch, EntryHandler handler) {
    int pos = 0;
    while (pos < batch.length()) {
      if (batch.length() - pos < ENTRY_HEADER) {
        throw new IllegalArgumentException("batch of " + batch.length()
            + " bytes: truncated entry header at byte " + pos);
      }
      int flags = batch.getUnsignedByte(pos);
      int length = batch.getInt(pos + 1);
      pos += ENTRY_HEADER;
      if (length < 0 || length > batch.length() - pos) {
        throw new IllegalArgumentException("batch of " + batch.length() + " bytes: entry of "
            + length + " bytes at byte " + pos);
      }
      handler.accept(batch.slice(pos, pos + length), (flags & LOOP) != 0);
      pos += length;
    }
  }

  /** One envelope of a batch. */
  @FunctionalInterface
  interface EntryHandler {
    /**
     * @param envelope the envelope (a view of the batch's bytes)
     * @param loop     whether the {@link #LOOP} flag is set
     */
    void accept(Buffer envelope, boolean loop);
  }

  /** One context's batches, by peer address; touched on that context's thread only. */
  private final class Pending {

    private final Context context;
    private final Map<String, Buffer> batches = new LinkedHashMap<>();
    private boolean scheduled;

    Pending(Context context) {
      this.context = context;
    }

    void add(String address, Buffer envelope, boolean loop) {
      Buffer batch = batches.computeIfAbsent(address, a -> Buffer.buffer(256));
      batch.appendUnsignedByte((short) (loop ? LOOP : 0)).appendInt(envelope.length())
          .appendBuffer(envelope);
      if (batch.length() >= MAX_BYTES) {
        flush(address);
      } else if (!scheduled) {
        scheduled = true;
        context.runOnContext(v -> flushAll());
      }
    }

    void flush(String address) {
      Buffer batch = batches.remove(address);
      if (batch != null) {
        eventBus.send(address, batch, BATCH);
      }
    }

    private void flushAll() {
      scheduled = false;
      batches.forEach((address, batch) -> eventBus.send(address, batch, BATCH));
      batches.clear();
    }
  }
}
