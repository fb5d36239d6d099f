package dev.switchboard.core.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of {@link StrictJson}, the JSON parser of every peer's bytes
 * (docs/fuzzing.md). The input is the JSON text itself.
 *
 * <p>Asserted for every input: it is either refused with a {@link DecodeException} (the channel
 * protocol's {@code BAD_JSON}) or accepted, and nothing else is thrown; the same bytes inside a
 * larger buffer (the slice a socket delivers) give the same answer; an accepted value holds no
 * lone surrogate and no infinite number, the lenient Vert.x reading of the same text gives an
 * equal value (strict only ever refuses more), and it round-trips: written by Vert.x and read
 * strictly again, it is equal.
 */
class StrictJsonFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void fuzz(byte[] input) {
    Object value;
    try {
      value = StrictJson.decode(Buffer.buffer(input));
    } catch (DecodeException refused) {
      assertThat(refused.getMessage()).startsWith("payload is not valid JSON");
      assertRefusedInASlice(input);
      return;
    }
    assertThat(decodeSlice(input)).as("the same bytes within a larger buffer").isEqualTo(value);
    assertSound(value);
    Object lenient = Json.decodeValue(Buffer.buffer(input));
    assertThat(lenient).as("the lenient reading").isEqualTo(value);
    Buffer written = Json.encodeToBuffer(value);
    assertThat(StrictJson.decode(written)).as("round trip of %s", written).isEqualTo(value);
  }

  /** The input as a slice of a bigger buffer with bytes before and after that are not JSON. */
  private static Object decodeSlice(byte[] input) {
    Buffer framed = Buffer.buffer().appendString("}\"").appendBytes(input).appendString("\"{");
    return StrictJson.decode(framed.slice(2, 2 + input.length));
  }

  private static void assertRefusedInASlice(byte[] input) {
    try {
      decodeSlice(input);
    } catch (DecodeException expected) {
      return;
    }
    throw new AssertionError("accepted within a larger buffer, refused alone");
  }

  private static void assertSound(Object value) {
    if (value instanceof JsonObject object) {
      object.forEach(entry -> {
        assertNoLoneSurrogate(entry.getKey());
        assertSound(entry.getValue());
      });
    } else if (value instanceof JsonArray array) {
      array.forEach(StrictJsonFuzzTest::assertSound);
    } else if (value instanceof String text) {
      assertNoLoneSurrogate(text);
    } else if (value instanceof Double number) {
      assertThat(number).isFinite();
    }
  }

  private static void assertNoLoneSurrogate(String text) {
    // a lone surrogate cannot be encoded: the round trip through UTF-8 would change it
    assertThat(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .isEqualTo(text);
  }
}
