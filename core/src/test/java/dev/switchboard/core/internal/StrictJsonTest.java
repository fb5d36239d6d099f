package dev.switchboard.core.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link StrictJson} refuses beyond the channel codec's cases (channel-client tests). */
class StrictJsonTest {

  private static Buffer bytes(int... bytes) {
    Buffer buffer = Buffer.buffer();
    for (int b : bytes) {
      buffer.appendByte((byte) b);
    }
    return buffer;
  }

  @Test
  void aKeyThatIsNotUtf8IsRefused() {
    // found by StrictJsonFuzzTest: Jackson reads a key's bytes in groups of four padded with
    // 0xff without checking them, so the key of bytes ff ff ff 'V' (not UTF-8) was read as "V":
    // one peer's key, read as another
    assertThat(StrictJson.decode(Buffer.buffer("{\"V\":1}")))
        .isEqualTo(new JsonObject().put("V", 1));
    Buffer aliased = bytes('{', '"', 0xff, 0xff, 0xff, 'V', '"', ':', '2', '}');
    assertThatThrownBy(() -> StrictJson.decode(aliased)).isInstanceOf(DecodeException.class)
        .hasMessageStartingWith("payload is not valid JSON");
    String text = "\u00fcber \ud83d\ude00";
    assertThat(StrictJson.decode(Buffer.buffer("{\"\u00e9t\u00e9\":\"" + text + "\"}")))
        .as("UTF-8 beyond ASCII").isEqualTo(new JsonObject().put("\u00e9t\u00e9", text));
  }
}
