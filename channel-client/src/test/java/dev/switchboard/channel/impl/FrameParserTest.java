package dev.switchboard.channel.impl;

import dev.switchboard.channel.ChannelException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameParserTest {

  private final List<String> frames = new ArrayList<>();
  private final List<ChannelException> errors = new ArrayList<>();
  private final FrameParser parser = new FrameParser(64, p -> frames.add(p.toString()),
      errors::add);

  private static Buffer frame(String payload) {
    return Frames.frame(Buffer.buffer(payload));
  }

  @Test
  void splitsSeveralFramesInOneChunkIncludingPings() {
    parser.handle(frame("one").appendBuffer(Frames.ping()).appendBuffer(frame("two")));
    assertThat(frames).containsExactly("one", "", "two");
    assertThat(parser.pendingBytes()).isZero();
  }

  @Test
  void joinsAFrameSplitAcrossChunksByteByByte() {
    Buffer whole = frame("split").appendBuffer(frame("next"));
    for (int i = 0; i < whole.length(); i++) {
      parser.handle(whole.getBuffer(i, i + 1));
      if (i < 8) {
        assertThat(frames).isEmpty();
      }
    }
    assertThat(frames).containsExactly("split", "next");
    assertThat(parser.pendingBytes()).isZero();
  }

  @Test
  void keepsTheBytesOfAnIncompleteFrame() {
    parser.handle(frame("incomplete").getBuffer(0, 9));
    assertThat(frames).isEmpty();
    assertThat(parser.pendingBytes()).isEqualTo(9);
  }

  @Test
  void lengthBelowFourFailsOnceAndStopsTheStream() {
    parser.handle(frame("ok").appendBytes(new byte[] {0, 0, 0, 3}).appendBuffer(frame("lost")));
    parser.handle(frame("after"));
    assertThat(frames).containsExactly("ok");
    assertThat(errors).singleElement().extracting(ChannelException::reason)
        .isEqualTo(ChannelException.Reason.BAD_FRAME);
    assertThat(parser.failed()).isTrue();
  }

  @Test
  void lengthOverTheMaximumFailsBeforeTheBodyArrives() {
    parser.handle(Buffer.buffer().appendInt(65));
    assertThat(errors).singleElement().extracting(ChannelException::reason)
        .isEqualTo(ChannelException.Reason.FRAME_TOO_LARGE);
    parser.handle(frame("x"));
    assertThat(frames).isEmpty();
  }

  @Test
  void exactlyTheMaximumIsAccepted() {
    parser.handle(frame("y".repeat(60)));
    assertThat(frames).containsExactly("y".repeat(60));
  }

  @Test
  void aThrowingHandlerLeavesEarlierFramesConsumed() {
    List<String> seen = new ArrayList<>();
    FrameParser throwing = new FrameParser(64, p -> {
      seen.add(p.toString());
      if (p.toString().equals("boom")) {
        throw new IllegalStateException("handler bug");
      }
    }, errors::add);
    Buffer chunk = frame("a").appendBuffer(frame("boom")).appendBuffer(frame("b"));
    assertThatThrownBy(() -> throwing.handle(chunk)).isInstanceOf(IllegalStateException.class);
    throwing.handle(frame("c"));
    assertThat(seen).containsExactly("a", "boom", "b", "c");
  }

  @Test
  void aMaximumFrameInSmallChunksIsCopiedALinearNumberOfTimes() {
    int max = 4 * 1024 * 1024;
    int chunk = 1024;
    List<Integer> sizes = new ArrayList<>();
    FrameParser big = new FrameParser(max, p -> sizes.add(p.length()), errors::add);
    Buffer whole = Buffer.buffer(max).appendInt(max).appendBytes(new byte[max - Frames.HEADER]);
    for (int i = 0; i < max; i += chunk) {
      big.handle(whole.getBuffer(i, Math.min(max, i + chunk)));
    }
    assertThat(sizes).containsExactly(max - Frames.HEADER);
    assertThat(errors).isEmpty();
    // each byte is copied once into the held frame, plus at most the frame again by the
    // doublings of the buffer that holds it
    assertThat(big.copiedBytes()).isLessThanOrEqualTo(3L * max);
  }

  @Test
  void bytesAfterACompleteFrameAreKeptAcrossChunks() {
    Buffer stream = frame("first").appendBuffer(frame("second")).appendBuffer(frame("third"));
    for (int cut = 1; cut < stream.length(); cut++) {
      frames.clear();
      FrameParser parser = new FrameParser(64, p -> frames.add(p.toString()), errors::add);
      parser.handle(stream.getBuffer(0, cut));
      parser.handle(stream.getBuffer(cut, stream.length()));
      assertThat(frames).as("cut at %d", cut).containsExactly("first", "second", "third");
      assertThat(parser.pendingBytes()).isZero();
    }
  }

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
      Buffer frame = Frames.publish(9, List.of("a", "b\"c"), Frames.encodeData(data));
      assertThat(frame.getInt(0)).isEqualTo(frame.length());
      assertThat(Frames.decode(frame.slice(4, frame.length()))).isEqualTo(new JsonObject()
          .put("type", "publish").put("id", 9)
          .put("channels", new io.vertx.core.json.JsonArray().add("a").add("b\"c"))
          .put("data", data));
    }
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
    EventEnvelope decoded = EventEnvelope.decode(EventEnvelope.encode("node-1", longName, event));
    assertThat(decoded.sender()).isEqualTo("node-1");
    assertThat(decoded.channel()).isEqualTo(longName);
    assertThat(decoded.frame()).isEqualTo(event);
  }
}
