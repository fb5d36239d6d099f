package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelAddresses;
import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.LogCapture;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a node sends its peers depends on their hello: a peer that says it reads batches gets a
 * turn's events in one message, a peer that does not (an older node), or says so with a value
 * that is not {@code true}, gets each event alone; both get every event, in publish order. On the
 * receiving side a batch reaches subscribers of other contexts in order, loop events included,
 * and a malformed one is logged without losing the events before the fault or after it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerBatchingTest {

  private static final int EVENTS = 5;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  /** A peer played by the test: its hello, and the messages sent to its events address. */
  private final class FakePeer {
    final String id;
    final BlockingQueue<Message<Buffer>> messages = new LinkedBlockingQueue<>();

    FakePeer(String id) {
      this.id = id;
      Await.result(vertx.eventBus().<Buffer>consumer(ChannelAddresses.events(id), messages::add)
          .completion());
    }

    /** @return the node's answer */
    JsonObject hello(ChannelNode node, Object batches) {
      JsonObject hello = new JsonObject().put("op", "hello").put("node", id)
          .put("channels", new JsonArray().add("c"));
      if (batches != null) {
        hello.put(NodeMembership.BATCHES, batches);
      }
      return Await.result(vertx.eventBus().<JsonObject>request(ChannelAddresses.control(node.id()),
          hello)).body();
    }

    /** @return per message: its events' data in order, and whether it was a batch */
    List<String> take(int count) throws InterruptedException {
      List<String> got = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Message<Buffer> msg = messages.poll(10, TimeUnit.SECONDS);
        assertThat(msg).as("%s: message %d of %d", id, i + 1, count).isNotNull();
        List<String> events = new ArrayList<>();
        if (msg.headers().contains(PeerBatches.HEADER)) {
          PeerBatches.forEach(msg.body(), (envelope, loop) -> events.add(data(envelope)));
          got.add("batch " + events);
        } else {
          got.add(data(msg.body()));
        }
      }
      assertThat(messages.poll(200, TimeUnit.MILLISECONDS)).as("%s: no more", id).isNull();
      return got;
    }

    private String data(Buffer envelope) {
      String frame = EventEnvelope.decode(envelope).frame().toString();
      int start = frame.indexOf("{\"n\"");
      return frame.substring(start, frame.indexOf('}', start) + 1);
    }
  }

  @Test
  void aPeerGetsBatchesOnlyWhenItsHelloSaysItReadsThem() throws Exception {
    ChannelNode node = Await.result(ChannelNode.acquire(vertx,
        new ChannelNodeOptions().setSyncInterval(60_000)));
    FakePeer reader = new FakePeer("reader");
    FakePeer older = new FakePeer("older");
    FakePeer odd = new FakePeer("odd");
    assertThat(reader.hello(node, true).getValue(NodeMembership.BATCHES)).isEqualTo(true);
    older.hello(node, null);
    odd.hello(node, "yes");

    Context context = vertx.getOrCreateContext();
    Await.result(Future.<Void>future(done -> context.runOnContext(v -> {
      for (int n = 0; n < EVENTS; n++) {
        node.publish(List.of("c"), "{\"n\":" + n + "}");
      }
      done.complete();
    })));

    List<String> each = new ArrayList<>();
    for (int n = 0; n < EVENTS; n++) {
      each.add("{\"n\":" + n + "}");
    }
    assertThat(reader.take(1)).containsExactly("batch " + each);
    assertThat(older.take(EVENTS)).containsExactlyElementsOf(each);
    assertThat(odd.take(EVENTS)).containsExactlyElementsOf(each);
  }

  @Test
  void aPeersBatchReachesSubscribersOnOtherContextsInOrderLoopEventsIncluded() throws Exception {
    ChannelNode node = Await.result(ChannelNode.acquire(vertx,
        new ChannelNodeOptions().setSyncInterval(60_000)));
    Context elsewhere = vertx.getOrCreateContext();
    List<String> got = new CopyOnWriteArrayList<>();
    Subscriber subscriber = new Subscriber() {
      @Override
      public void deliver(Delivery delivery) {
        if (Vertx.currentContext() != elsewhere) {
          // hands over as a real subscriber does: loop events come this way
          elsewhere.runOnContext(v -> deliver(delivery));
          return;
        }
        got.add(delivery.frame().toString());
      }

      @Override
      public Context context() {
        return elsewhere;
      }
    };
    Await.result(node.subscribe(subscriber, List.of("c")));
    // one batch: plain events, loop events among them (delivered by another path), plain again
    List<String> sent = new ArrayList<>();
    PeerBatches peer = new PeerBatches(vertx.eventBus());
    Await.result(Future.<Void>future(done -> vertx.getOrCreateContext().runOnContext(v -> {
      long count = 0;
      for (int n = 0; n < 30; n++) {
        Buffer envelope = EventEnvelope.encode("peer", "c", Buffer.buffer("e" + n));
        count += envelope.length();
        EventEnvelope.stamp(envelope, 1, count);
        assertThat(peer.batch(ChannelAddresses.events(node.id()), envelope, n % 7 == 3, true))
            .isTrue();
        sent.add("e" + n);
      }
      done.complete();
    })));
    Await.condition(vertx, 5, () -> Future.succeededFuture(got.size() >= sent.size()));
    assertThat(got).containsExactlyElementsOf(sent);
  }

  @Test
  void aMalformedBatchIsLoggedAndTheEventsBeforeTheFaultAndAfterTheMessageArrive()
      throws Exception {
    ChannelNode node = Await.result(ChannelNode.acquire(vertx,
        new ChannelNodeOptions().setSyncInterval(60_000)));
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    Await.result(node.subscribe(delivery -> got.add(delivery.frame().toString()), List.of("c")));
    Buffer good = EventEnvelope.stamp(EventEnvelope.encode("peer", "c", Buffer.buffer("e0")), 1,
        30);
    Buffer batch = Buffer.buffer().appendUnsignedByte((short) 0).appendInt(good.length())
        .appendBuffer(good)
        .appendUnsignedByte((short) 0).appendInt(1_000).appendString("short");
    try (LogCapture log = new LogCapture(PeerEvents.class.getName())) {
      vertx.eventBus().send(ChannelAddresses.events(node.id()), batch,
          new DeliveryOptions().addHeader(PeerBatches.HEADER, "1"));
      assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("e0");
      Await.condition(vertx, 5, () -> Future.succeededFuture(!log.lines().isEmpty()));
      assertThat(log.lines()).singleElement().asString()
          .startsWith("WARN Channel node " + node.id() + ": dropped a malformed events message")
          .contains("entry of 1000 bytes at byte");
    }
    Buffer next = EventEnvelope.stamp(EventEnvelope.encode("peer", "c", Buffer.buffer("e1")), 1,
        60);
    vertx.eventBus().send(ChannelAddresses.events(node.id()), next);
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("e1");
  }
}
