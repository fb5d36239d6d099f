package dev.switchboard.core.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of {@link StrictJson#decodeSplit}, which keeps a publish's data as the
 * bytes it arrived as (docs/fuzzing.md). The input is the JSON text itself.
 */
class StrictJsonSplitFuzzTest {

  /**
   * {@link StrictJson#decodeSplit}, which keeps a publish's data as bytes: for every input, the
   * same refusal with the same message as {@link StrictJson#decode(Buffer)}, or the same object
   * (its other members, and the kept bytes decoding to the member's value); in a larger buffer
   * too.
   */
  @FuzzTest(maxDuration = "2m")
  void fuzz(byte[] input) {
    Object value;
    try {
      value = StrictJson.decode(Buffer.buffer(input));
    } catch (DecodeException refused) {
      try {
        StrictJson.Split split = StrictJson.decodeSplit(Buffer.buffer(input), "data");
        assertThat(split).as("accepted by decodeSplit, refused by decode").isNull();
      } catch (DecodeException alsoRefused) {
        assertThat(alsoRefused.getMessage()).isEqualTo(refused.getMessage());
      }
      return;
    }
    Buffer framed = Buffer.buffer().appendString("}\"").appendBytes(input).appendString("\"{");
    for (Buffer json : new Buffer[] {Buffer.buffer(input), framed.slice(2, 2 + input.length)}) {
      StrictJson.Split split = StrictJson.decodeSplit(json, "data");
      if (!(value instanceof JsonObject object)) {
        assertThat(split).isNull();
        continue;
      }
      JsonObject joined = split.members().copy();
      if (split.raw() != null) {
        joined.put("data", StrictJson.decode(split.raw()));
      }
      assertThat(joined).isEqualTo(object);
      assertThat(split.raw() == null).isEqualTo(!object.containsKey("data"));
    }
  }
}
