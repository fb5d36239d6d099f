package dev.switchboard.core.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link StrictJson#decodeSplit}: one member kept as the bytes it arrived as, the whole text
 * checked exactly as {@link StrictJson#decode(Buffer)} checks it (same refusals, same messages).
 */
class StrictJsonSplitTest {

  /** The text inside a larger buffer, as a socket's read delivers a frame's payload. */
  private static Buffer inSlice(String json) {
    Buffer framed = Buffer.buffer().appendString("}\"x").appendString(json).appendString("\"{");
    return framed.slice(3, framed.length() - 2);
  }

  @Test
  void theKeptMemberIsTheBytesAsTheyArrivedAndTheOthersAreDecoded() {
    StrictJson.Split split = StrictJson.decodeSplit(inSlice(
        "{\"type\":\"publish\",\"id\":7,\"channels\":[\"a\"],\"data\":\"x\"}"), "data");
    assertThat(split.raw().toString()).isEqualTo("\"x\"");
    assertThat(split.members()).isEqualTo(new JsonObject().put("type", "publish").put("id", 7)
        .put("channels", List.of("a")));
  }

  @Test
  void whiteSpaceAndTheCommaAfterTheValueAreNotPartOfIt() {
    String data = "{\"a\": [1, 2.5, null, true], \"\u00e9\": \"\\u00e9\"}";
    StrictJson.Split split = StrictJson.decodeSplit(inSlice(
        "{ \"data\" :\t" + data + " \n, \"type\":\"publish\" }"), "data");
    assertThat(split.raw().toString()).isEqualTo(data);
    assertThat(StrictJson.decode(split.raw()))
        .isEqualTo(new JsonObject().put("a", Arrays.asList(1, 2.5, null, true)).put("\u00e9", "\u00e9"));
    for (String value : List.of("null", "-0.5e3", "12345678901234567890123", "false", "[]", "{}",
        "\"\"")) {
      assertThat(StrictJson.decodeSplit(inSlice("{\"data\":" + value + "}"), "data").raw()
          .toString()).as(value).isEqualTo(value);
      assertThat(StrictJson.decodeSplit(inSlice("{\"data\":" + value + " ,\"b\":1}"), "data")
          .raw().toString()).as(value).isEqualTo(value);
    }
  }

  @Test
  void withoutTheMemberNothingIsKept() {
    StrictJson.Split split = StrictJson.decodeSplit(inSlice("{\"type\":\"status\"}"), "data");
    assertThat(split.raw()).isNull();
    assertThat(split.members()).isEqualTo(new JsonObject().put("type", "status"));
  }

  @Test
  void aTextThatIsNotAnObjectIsLeftToDecode() {
    assertThat(StrictJson.decodeSplit(inSlice("[1,2]"), "data")).isNull();
    assertThat(StrictJson.decodeSplit(inSlice("\"x\""), "data")).isNull();
  }

  @Test
  void whatDecodeRefusesIsRefusedWithTheSameMessage() {
    for (String json : List.of(
        "{\"data\":1,\"data\":2}",
        "{\"data\":{\"a\":1,\"a\":2}}",
        "{\"data\":[{\"a\":1,\"b\":{\"c\":1,\"c\":1e999999}}]}",
        "{\"data\":{\"a\":1,\"a\":1e999999}}",
        "{\"data\":\"\\ud800\"}",
        "{\"data\":{\"\\udc00\":1}}",
        "{\"data\":1e999999}",
        "{\"data\":[1,2,}",
        "{\"data\":01}",
        "{\"data\":\"x\"} trailing",
        "{\"data\":\"x\"}{}",
        "{\"data\":\"x\",}",
        "{\"data\":\"x\"",
        "{\"type\":\"a\",\"type\":\"b\",\"data\":1}",
        "{\"data\":1,\"type\":\"a\",\"type\":\"b\"}",
        "{\"data\":[1,2],\"data\":1e999999}",
        "{\"data\":NaN}")) {
      DecodeException expected = catchThrowableOfType(() -> StrictJson.decode(inSlice(json)),
          DecodeException.class);
      assertThat(expected).as("decode refuses %s", json).isNotNull();
      assertThatThrownBy(() -> StrictJson.decodeSplit(inSlice(json), "data")).as(json)
          .isInstanceOf(DecodeException.class).hasMessage(expected.getMessage());
    }
  }

  @Test
  void dataThatIsNotUtf8IsRefused() {
    Buffer json = Buffer.buffer("{\"data\":\"").appendByte((byte) 0xc3).appendString("\"}");
    assertThatThrownBy(() -> StrictJson.decodeSplit(json, "data"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("payload is not valid JSON: it is not UTF-8");
  }
}
