package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The channel codec reads peers' JSON strictly: a frame that could be read two ways, or whose
 * values cannot be sent on unchanged, is refused with {@code BAD_JSON} and a reason.
 */
class StrictJsonTest {

  private static ChannelException refused(String json) {
    try {
      Frames.decode(Buffer.buffer(json));
    } catch (ChannelException e) {
      assertThat(e.reason()).isEqualTo(ChannelException.Reason.BAD_JSON);
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void aDuplicateKeyIsRefusedNotReadAsItsLastValue() {
    assertThat(refused("{\"type\":\"publish\",\"type\":\"auth\"}").detail())
        .contains("Duplicate field 'type'");
    refused("{\"type\":\"publish\",\"data\":{\"op\":\"a\",\"op\":\"b\"}}");
    refused("{\"type\":\"publish\",\"data\":[{\"k\":1,\"k\":1}]}");
    assertThat(refused("{\"type\":\"publish\",\"data\":{\"n\":null,\"n\":null}}").detail())
        .contains("Duplicate field 'n'");
  }

  @Test
  void aFrameIsReadWhereItLiesInTheReceivedBufferAndNoFurther() {
    Buffer received = Buffer.buffer("{\"type\":\"a\"}{\"type\":\"ping\",\"id\":7}{\"type\":1");
    JsonObject frame = Frames.decode(received.slice(12, 34));
    assertThat(frame).isEqualTo(new JsonObject().put("type", "ping").put("id", 7));
    // one byte short: the parser stops at the slice's end, not at the buffer's
    assertThatThrownBy(() -> Frames.decode(received.slice(12, 33)))
        .isInstanceOf(ChannelException.class).hasMessageContaining("not valid JSON");
  }

  @Test
  void aNumberBeyondTheRangeOfADoubleIsRefusedNotReadAsInfinity() {
    assertThat(refused("{\"type\":\"publish\",\"data\":1e999999}").detail())
        .contains("out of the range");
    refused("{\"type\":\"publish\",\"data\":[-1e400]}");
  }

  @Test
  void aLoneSurrogateIsRefusedNotSentOnAsAQuestionMark() {
    assertThat(refused("{\"type\":\"publish\",\"data\":\"\\ud800\"}").detail())
        .contains("lone UTF-16 surrogate");
    refused("{\"type\":\"publish\",\"data\":\"x\\udc00\"}");
    refused("{\"\\ud800\":1}");
  }

  @Test
  void anEventFrameIsReadAsStrictlyAsARequest() {
    String event = "{\"type\":\"event\",\"channel\":\"c\",\"data\":{\"a\":1,\"a\":2}}";
    assertThatThrownBy(() -> Frames.decodeEvent(Buffer.buffer(event)))
        .isInstanceOf(ChannelException.class).hasMessageContaining("Duplicate field");
  }

  @Test
  void validJsonReadsAsVertxReadsIt() {
    String json = "{\"type\":\"publish\",\"id\":12,\"big\":123456789012,\"huge\":"
        + "123456789012345678901234567890,\"f\":1.5,\"t\":true,\"n\":null,"
        + "\"s\":\"\\ud83d\\ude00 \\\"q\\\"\",\"a\":[1,\"x\",{}],\"o\":{\"k\":[]}}";
    JsonObject decoded = Frames.decode(Buffer.buffer(json));
    assertThat(decoded).isEqualTo(new JsonObject(json));
    assertThat(decoded.getValue("id")).isInstanceOf(Integer.class);
    assertThat(decoded.getValue("big")).isInstanceOf(Long.class);
    assertThat(decoded.getValue("huge")).isInstanceOf(BigInteger.class);
    assertThat(decoded.getValue("f")).isEqualTo(1.5);
    assertThat(decoded.getJsonArray("a")).isEqualTo(new JsonArray().add(1).add("x")
        .add(new JsonObject()));
    assertThat(Frames.decodeEvent(Frames.event("c", "{\"a\":\"\\ud83d\\ude00\"}").slice(4,
        Frames.event("c", "{\"a\":\"\\ud83d\\ude00\"}").length())))
        .isEqualTo(new ChannelMessage("c", new JsonObject().put("a", "\ud83d\ude00")));
  }

  @Test
  void trailingContentAndEmptyPayloadsAreRefused() {
    refused("{\"type\":\"ping\"} {}");
    refused(" ");
  }
}
