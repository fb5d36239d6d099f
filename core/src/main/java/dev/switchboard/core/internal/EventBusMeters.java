package dev.switchboard.core.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsNaming;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The event bus's meters of a node, each registered once when the event bus is made: a message
 * only increments counters it already holds, allocates nothing and looks nothing up
 * (vertx-micrometer-metrics' own event-bus meters look their counters up by tags, and register a
 * gauge, on every message: 0.6 KB and about 0.7 µs more per message, docs/benchmarks.md, cost of
 * metrics).
 *
 * <p>The meters are vertx-micrometer-metrics' names, from the options' {@link MetricsNaming}
 * ({@code vertx_eventbus_handlers}, {@code _pending}, {@code _processed}, {@code _discarded},
 * {@code _published}, {@code _sent}, {@code _received}, {@code _delivered}, {@code
 * _reply_failures}, {@code _bytes_written}, {@code _bytes_read}), with the same bounded labels:
 * {@code side} ({@code local} or {@code remote}) when the options' labels hold {@link
 * Label#EB_SIDE}, {@code failure} on reply failures when they hold {@link Label#EB_FAILURE}; never
 * the address. Messages to Vert.x's own addresses ({@code __vertx.*}: replies, cluster
 * internals) are not counted, as there.
 *
 * <p>Threading: every method from any thread (Vert.x calls them from event loops and cluster
 * threads); the meters are thread-safe.
 */
final class EventBusMeters implements EventBusMetrics<Object> {

  /** The start of the addresses Vert.x keeps for itself. */
  private static final String INTERNAL = "__vertx.";

  /** What a counted handler's registration returns: its messages are counted. */
  private static final Object COUNTED = new Object();

  private final LongAdder handlers = new LongAdder();
  private final Side local;
  private final Side remote;
  private final DistributionSummary bytesWritten;
  private final DistributionSummary bytesRead;
  private final Map<ReplyFailure, Counter> replyFailures = new EnumMap<>(ReplyFailure.class);

  /**
   * Registers every meter.
   *
   * @param registry the node's registry
   * @param names    the meters' names
   * @param labels   the labels in use; only {@link Label#EB_SIDE} and {@link Label#EB_FAILURE}
   *                 count here
   */
  EventBusMeters(MeterRegistry registry, MetricsNaming names, Set<Label> labels) {
    boolean bySide = labels.contains(Label.EB_SIDE);
    Gauge.builder(names.getEbHandlers(), handlers, LongAdder::doubleValue)
        .description("Event-bus consumers registered on this node").register(registry);
    local = new Side(registry, names, bySide ? Tags.of("side", "local") : Tags.empty());
    remote = new Side(registry, names, bySide ? Tags.of("side", "remote") : Tags.empty());
    bytesWritten = DistributionSummary.builder(names.getEbBytesWritten())
        .description("Size of each message this node wrote to another node, bytes")
        .register(registry);
    bytesRead = DistributionSummary.builder(names.getEbBytesRead())
        .description("Size of each message this node read from another node, bytes")
        .register(registry);
    boolean byFailure = labels.contains(Label.EB_FAILURE);
    for (ReplyFailure failure : ReplyFailure.values()) {
      replyFailures.put(failure, Counter.builder(names.getEbReplyFailures())
          .description("Requests whose reply failed")
          .tags(byFailure ? Tags.of("failure", failure.name()) : Tags.empty())
          .register(registry));
    }
  }

  private static boolean counted(String address) {
    return !address.startsWith(INTERNAL);
  }

  private Side side(boolean isLocal) {
    return isLocal ? local : remote;
  }

  @Override
  public Object handlerRegistered(String address) {
    if (!counted(address)) {
      return null;
    }
    handlers.increment();
    return COUNTED;
  }

  @Override
  public void handlerUnregistered(Object handler) {
    if (handler != null) {
      handlers.decrement();
    }
  }

  @Override
  public void messageDelivered(Object handler, boolean isLocal) {
    if (handler != null) {
      Side side = side(isLocal);
      side.pending.decrement();
      side.processed.increment();
    }
  }

  @Override
  public void discardMessage(Object handler, boolean isLocal, Message<?> msg) {
    if (handler != null) {
      Side side = side(isLocal);
      side.pending.decrement();
      side.discarded.increment();
    }
  }

  @Override
  public void messageSent(String address, boolean publish, boolean isLocal, boolean isRemote) {
    if (counted(address)) {
      Side side = side(isLocal);
      (publish ? side.published : side.sent).increment();
    }
  }

  @Override
  public void messageReceived(String address, boolean publish, boolean isLocal, int handlerCount) {
    if (counted(address)) {
      Side side = side(isLocal);
      side.received.increment();
      if (handlerCount > 0) {
        side.pending.add(handlerCount);
        side.delivered.increment();
      }
    }
  }

  @Override
  public void messageWritten(String address, int numberOfBytes) {
    if (counted(address)) {
      bytesWritten.record(numberOfBytes);
    }
  }

  @Override
  public void messageRead(String address, int numberOfBytes) {
    if (counted(address)) {
      bytesRead.record(numberOfBytes);
    }
  }

  @Override
  public void replyFailure(String address, ReplyFailure failure) {
    if (counted(address)) {
      replyFailures.get(failure).increment();
    }
  }

  /** The meters of one side: messages to or from this node's own handlers, or another node's. */
  private static final class Side {

    final LongAdder pending = new LongAdder();
    final Counter processed;
    final Counter discarded;
    final Counter published;
    final Counter sent;
    final Counter received;
    final Counter delivered;

    Side(MeterRegistry registry, MetricsNaming names, Tags tags) {
      Gauge.builder(names.getEbPending(), pending, LongAdder::doubleValue)
          .description("Messages received and not yet handled").tags(tags).register(registry);
      processed = counter(registry, names.getEbProcessed(), "Messages handled", tags);
      discarded = counter(registry, names.getEbDiscarded(),
          "Messages dropped before their handler ran", tags);
      published = counter(registry, names.getEbPublished(),
          "Messages published to every consumer of an address", tags);
      sent = counter(registry, names.getEbSent(),
          "Messages sent to one consumer of an address", tags);
      received = counter(registry, names.getEbReceived(), "Messages arrived for an address", tags);
      delivered = counter(registry, names.getEbDelivered(),
          "Messages arrived for an address with at least one consumer", tags);
    }

    private static Counter counter(MeterRegistry registry, String name, String description,
                                   Tags tags) {
      return Counter.builder(name).description(description).tags(tags).register(registry);
    }
  }
}
