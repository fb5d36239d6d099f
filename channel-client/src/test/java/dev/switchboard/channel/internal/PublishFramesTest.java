package dev.switchboard.channel.internal;

import dev.switchboard.core.internal.StrictJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PublishFrames#readPublish}: a publish as our clients write it is read without a parser
 * for its envelope, and reads exactly what {@link Frames#decodeRequest} reads; anything else is
 * left to {@link Frames#decodeRequest} (null).
 */
class PublishFramesTest {

  /** The payload of a frame, as a slice of a larger buffer (as a socket's read delivers it). */
  private static Buffer payload(String json) {
    Buffer framed = Buffer.buffer("{\"x").appendString(json).appendString("\"}");
    return framed.slice(3, framed.length() - 2);
  }

  private static Buffer payload(Buffer frame) {
    return payload(frame.slice(4, frame.length()).toString());
  }

  @Test
  void readsWhatTheClientWritesAsDecodeRequestDoes() {
    LastChannel last = new LastChannel();
    for (Object data : List.of("plain", "quo\"te", "\u00e9\u20ac", "\ud83d\ude00", 7, -1.5,
        new JsonObject().put("k", new JsonArray().add(1).add("v")))) {
      for (List<String> channels : List.of(List.of("a"), List.of("news", "\u00e9t\u00e9", "a"))) {
        for (boolean loop : new boolean[] {false, true}) {
          Buffer payload = payload(PublishFrames.publishData(12345, loop, channels, data));
          PublishFrames.Publish read = PublishFrames.readPublish(payload, last);
          assertThat(read).as("%s %s", data, channels).isNotNull();
          StrictJson.Split split = Frames.decodeRequest(payload);
          assertThat(split.members()).isEqualTo(new JsonObject()
              .put("type", loop ? "publishLoop" : "publish").put("id", read.id())
              .put("channels", new JsonArray(read.channels())));
          assertThat(read.id()).isEqualTo(12345);
          assertThat(read.loop()).isEqualTo(loop);
          assertThat(read.data()).isEqualTo(split.raw());
          assertThat(Frames.decodeData(read.data())).isEqualTo(data);
        }
      }
    }
  }

  @Test
  void anythingElseIsLeftToTheParser() {
    for (String json : List.of(
        "{\"type\":\"publish\",\"id\":1,\"channels\":[\"a\"],\"data\":{\"k\":1,\"k\":2}}",
        "{\"type\":\"publish\",\"id\":1,\"channels\":[\"a\"],\"data\":\"\\ud800\"}",
        "{\"type\":\"publish\",\"id\":1,\"channels\":[\"a\"],\"data\":1e999999}",
        "{\"type\":\"publish\",\"id\":1,\"channels\":[\"a\"],\"data\":1,\"data\":2}",
        "{\"type\":\"publish\",\"id\":1,\"channels\":[\"a\"],\"data\":1,\"type\":\"auth\"}",
        "{\"type\":\"publish\",\"id\":1,\"channels\":[\"a\"],\"data\":\"x\",\"z\":1}",
        "{\"type\":\"publish\",\"id\":1,\"channels\":[\"a\"],\"data\":\"x\" }",
        "{\"type\":\"publish\",\"id\":1,\"channels\":[\"a\"],\"data\": [1]}",
        "{\"type\":\"publish\",\"id\":1,\"channels\":[\"a\"],\"data\":}",
        "{\"type\":\"publish\",\"id\":1,\"channels\":[\"a\"],\"data\":\"x\"",
        "{\"type\":\"publish\",\"id\":1,\"channels\":[\"a\\\"b\"],\"data\":1}",
        "{\"type\":\"publish\",\"id\":1,\"channels\":[\"a\",],\"data\":1}",
        "{\"type\":\"publish\",\"id\":1,\"channels\":[],\"data\":1}",
        "{\"type\":\"publish\",\"id\":1,\"channels\":[1],\"data\":1}",
        "{\"type\":\"publish\",\"id\":01,\"channels\":[\"a\"],\"data\":1}",
        "{\"type\":\"publish\",\"id\":-1,\"channels\":[\"a\"],\"data\":1}",
        "{\"type\":\"publish\",\"id\":1.5,\"channels\":[\"a\"],\"data\":1}",
        "{\"type\":\"publish\",\"id\":1234567890123456789,\"channels\":[\"a\"],\"data\":1}",
        "{\"type\":\"publish\",\"channels\":[\"a\"],\"data\":1}",
        "{\"type\":\"publish\", \"id\":1,\"channels\":[\"a\"],\"data\":1}",
        "{\"type\":\"subscribe\",\"id\":1,\"channels\":[\"a\"],\"data\":1}")) {
      assertThat(PublishFrames.readPublish(payload(json), null)).as(json).isNull();
    }
    Buffer notUtf8 = Buffer.buffer("{\"type\":\"publish\",\"id\":1,\"channels\":[\"a")
        .appendByte((byte) 0xc3).appendString("\"],\"data\":1}");
    assertThat(PublishFrames.readPublish(notUtf8, null)).isNull();
    Buffer dataNotUtf8 = Buffer.buffer("{\"type\":\"publish\",\"id\":1,\"channels\":[\"a\"],"
        + "\"data\":\"").appendByte((byte) 0xff).appendString("\"}");
    assertThat(PublishFrames.readPublish(dataNotUtf8, null)).isNull();
  }

  @Test
  void theLastChannelNameIsReused() {
    LastChannel last = new LastChannel();
    String first = PublishFrames.readPublish(payload(PublishFrames.publishData(1, false,
        List.of("news"), "x")), last).channels().get(0);
    String second = PublishFrames.readPublish(payload(PublishFrames.publishData(2, false,
        List.of("news"), "y")), last).channels().get(0);
    String other = PublishFrames.readPublish(payload(PublishFrames.publishData(3, false,
        List.of("newt"), "z")), last).channels().get(0);
    assertThat(second).isSameAs(first);
    assertThat(other).isEqualTo("newt");
  }
}
