package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The channel protocol's codec: what the encoders write, the decoders read back. */
class FramesTest {

  @Test
  void eventFrameIsTheJsonOfTheEvent() {
    Buffer event = Frames.event("n\"ews", Frames.encodeData(new JsonObject().put("k", 1)));
    assertThat(event.getInt(0)).isEqualTo(event.length());
    JsonObject decoded = Frames.decode(event.slice(4, event.length()));
    assertThat(decoded).isEqualTo(new JsonObject().put("type", "event").put("channel", "n\"ews")
        .put("data", new JsonObject().put("k", 1)));
    assertThat(new Delivery("n\"ews", event).data()).isEqualTo(new JsonObject().put("k", 1));
  }

  @Test
  void eventFastPathDecodesWhatTheEncoderWrites() {
    for (String channel : List.of("news", "quo\"te\\d", "ünïcode", "c,\"data\":")) {
      for (Object data : List.of("text", "tab\tquote\"é", "", 42, new JsonObject().put("a", new io.vertx.core.json
          .JsonArray().add(1).add("}")), Boolean.TRUE)) {
        Buffer frame = Frames.event(channel, Frames.encodeData(data));
        assertThat(Frames.decodeEvent(frame.slice(4, frame.length())))
            .isEqualTo(new dev.switchboard.channel.ChannelMessage(channel, data));
      }
    }
    Buffer nullData = Frames.event("n", Frames.encodeData(null));
    assertThat(Frames.decodeEvent(nullData.slice(4, nullData.length())).data()).isNull();
    assertThat(Frames.decodeEvent(Buffer.buffer("{\"type\":\"ack\",\"id\":1}"))).isNull();
    assertThat(Frames.decodeEvent(Buffer.buffer("{\"channel\":\"x\",\"type\":\"event\","
        + "\"data\":1}"))).isNull();
    assertThatThrownBy(() -> Frames.decodeEvent(Buffer.buffer("{\"type\":\"event\","
        + "\"channel\":\"x\",\"data\":{oops}"))).hasMessageContaining("BAD_JSON");
    Buffer ack = Frames.ack(12345678901L);
    assertThat(ack.getInt(0)).isEqualTo(ack.length());
    assertThat(Frames.decode(ack.slice(4, ack.length())))
        .isEqualTo(new JsonObject().put("type", "ack").put("id", 12345678901L));
  }

  @Test
  void publishFrameIsTheJsonOfTheRequest() {
    for (Object data : List.of("plain", "quo\"te", "tab\t", "é€", "\ud83d\ude00", 7,
        new JsonObject().put("k", "v"))) {
      Buffer frame = PublishFrames.publish(9, List.of("a", "b\"c"), Frames.encodeData(data));
      assertThat(frame.getInt(0)).isEqualTo(frame.length());
      assertThat(Frames.decode(frame.slice(4, frame.length()))).isEqualTo(new JsonObject()
          .put("type", "publish").put("id", 9)
          .put("channels", new io.vertx.core.json.JsonArray().add("a").add("b\"c"))
          .put("data", data));
    }
  }

  @Test
  void publishFrameWrittenFromTheDataIsTheSameRequest() {
    for (Object data : List.of("plain", "quo\"te", "tab\t", "\u00e9\u20ac", "\ud83d\ude00", 7,
        new JsonObject().put("k", "v"))) {
      for (boolean loop : new boolean[] {false, true}) {
        Buffer frame = PublishFrames.publishData(9, loop, List.of("a", "b\"c", "\u00e9"), data);
        assertThat(frame.getInt(0)).isEqualTo(frame.length());
        assertThat(frame).isEqualTo(PublishFrames.publish(9, loop, List.of("a", "b\"c", "\u00e9"),
            Frames.encodeData(data)));
        assertThat(Frames.decode(frame.slice(4, frame.length()))).isEqualTo(new JsonObject()
            .put("type", loop ? "publishLoop" : "publish").put("id", 9)
            .put("channels", new io.vertx.core.json.JsonArray().add("a").add("b\"c").add("\u00e9"))
            .put("data", data));
      }
    }
  }

  @Test
  void ackIdIsReadWithoutAParserOnlyFromTheServersLayout() {
    for (long id : new long[] {0, 7, 12345678901L, 999_999_999_999_999_999L}) {
      Buffer ack = Frames.ack(id);
      Buffer framed = Buffer.buffer("xx").appendBuffer(ack).appendString("yy");
      assertThat(PublishFrames.decodeAck(framed.slice(6, 2 + ack.length()))).isEqualTo(id);
    }
    for (String other : List.of("{\"type\":\"ack\",\"id\":}", "{\"type\":\"ack\",\"id\":07}",
        "{\"type\":\"ack\",\"id\":-7}", "{\"type\":\"ack\",\"id\":7 }",
        "{\"type\":\"ack\",\"id\":1234567890123456789}", "{\"type\":\"ack\",\"id\":1.5}",
        "{\"id\":7,\"type\":\"ack\"}", "{\"type\":\"ack\",\"id\":7")) {
      assertThat(PublishFrames.decodeAck(Buffer.buffer(other))).as(other).isNull();
    }
  }

  @Test
  void eventFromDataBytesCarriesThemUnchangedAndReadsBackFromASlice() {
    Buffer data = Buffer.buffer("{\"a\" : [1, \"\\u00e9\"]}");
    Buffer event = Frames.event("n\u00e9\"ws", data);
    assertThat(event.getInt(0)).isEqualTo(event.length());
    assertThat(event.slice(4, event.length()).toString()).isEqualTo(
        "{\"type\":\"event\",\"channel\":\"n\u00e9\\\"ws\",\"data\":{\"a\" : [1, \"\\u00e9\"]}}");
    Buffer framed = Buffer.buffer("}}").appendBuffer(event).appendString("{{");
    assertThat(Frames.decodeEvent(framed.slice(6, 2 + event.length())))
        .isEqualTo(new ChannelMessage("n\u00e9\"ws", new JsonObject().put("a",
            new io.vertx.core.json.JsonArray().add(1).add("\u00e9"))));
  }

  @Test
  void decodeRejectsWhatIsNotAJsonObject() {
    assertThatThrownBy(() -> Frames.decode(Buffer.buffer("[1]")))
        .hasMessageContaining("BAD_JSON");
    assertThatThrownBy(() -> Frames.decode(Buffer.buffer("{\"a\":")))
        .hasMessageContaining("BAD_JSON");
    assertThatThrownBy(() -> Frames.decode(Buffer.buffer("a:2:{}")))
        .hasMessageContaining("UNSUPPORTED_ENCODING");
    assertThatThrownBy(() -> Frames.encodeData(new Object()))
        .hasMessageContaining("BAD_REQUEST");
  }

  @Test
  void envelopeCarriesSenderChannelAndFrameBetweenNodes() {
    Buffer event = Frames.event("ch", "1");
    String longName = "é".repeat(40_000);
    EventEnvelope decoded = EventEnvelope.decode(
        EventEnvelope.stamp(EventEnvelope.encode("node-1", longName, event), 7, 1L << 40));
    assertThat(decoded.epoch()).isEqualTo(7);
    assertThat(decoded.count()).isEqualTo(1L << 40);
    assertThat(decoded.sender()).isEqualTo("node-1");
    assertThat(decoded.channel()).isEqualTo(longName);
    assertThat(decoded.frame()).isEqualTo(event);
  }
}
