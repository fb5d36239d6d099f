package dev.switchboard.channel.impl;

import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.channel.internal.QueueDelivery;
import dev.switchboard.core.internal.Framing;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routing of the frames a channel server sends the remote client, as a transcript: events to
 * the client's events, answers to the pending request of their id, the rest dropped.
 */
class ServerFramesTest {

  private final List<String> transcript = new ArrayList<>();
  private final PendingRequests pending = new PendingRequests();
  private final ServerFrames frames = new ServerFrames(pending,
      (channel, data) -> transcript.add("event " + channel + " " + data),
      item -> transcript.add("queue " + item.getString("queue") + " " + item.getString("item")
          + " " + item.getValue("data")));

  private void request(long id, PendingRequests.Kind kind) {
    Promise<JsonObject> promise = Promise.promise();
    pending.add(id, new PendingRequests.Request(kind, promise, Long.MAX_VALUE));
    promise.future().onComplete(ar -> transcript.add(id + " " + (ar.succeeded() ? ar.result()
        : ar.cause().getMessage())));
  }

  private void receive(Buffer frame) {
    frames.onFrame(frame.getBuffer(Framing.HEADER, frame.length()));
  }

  private void receive(JsonObject message) {
    receive(Frames.frame(message));
  }

  @Test
  void routesEventsToTheClientAndAnswersToTheirRequest() {
    request(1, PendingRequests.Kind.PUBLISH);
    request(2, PendingRequests.Kind.STATUS);
    request(3, PendingRequests.Kind.SUBSCRIBE);
    receive(Frames.event("news", "\"hello\""));
    receive(new JsonObject().put("data", 7).put("channel", "sport").put("type", "event"));
    receive(Frames.ack(1));
    receive(new JsonObject().put("type", "status").put("id", 2).put("status", new JsonObject()));
    receive(Frames.error(3L, Reason.FORBIDDEN, "reserved channel"));

    assertThat(transcript).containsExactly(
        "event news hello",
        "event sport 7",
        "1 null", // an ack completes its request with null: it says nothing but its id
        "2 {\"type\":\"status\",\"id\":2,\"status\":{}}",
        "3 channel server: reserved channel [reason=FORBIDDEN]");
  }

  @Test
  void routesQueueItemsToTheClientsQueues() {
    receive(Frames.queueItem(new QueueDelivery("jobs", "id-1", "{\"n\":1}", false)));

    assertThat(transcript).containsExactly("queue jobs id-1 {\"n\":1}");
  }

  @Test
  void dropsWhatAnswersNothing() {
    request(1, PendingRequests.Kind.PUBLISH);
    frames.onFrame(Buffer.buffer());
    receive(Frames.pong());
    receive(new JsonObject().put("type", "surprise").put("id", 1));
    receive(Frames.ack(9));
    receive(Frames.error(null, Reason.INTERNAL, "no id"));
    receive(new JsonObject().put("type", "ack")); // no id
    frames.onFrame(Buffer.buffer("{not json"));
    receive(Frames.ack(1));

    // request 1 answered once, by its ack (null: an ack says nothing but its id)
    assertThat(transcript).containsExactly("1 null");
  }
}
