package dev.switchboard.bench.checks;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * What the frame decoding did before issue 13 (commit {@code 48caaca}, {@code Frames.decode} and
 * its JSON fallback), statement for statement: Vert.x's lenient {@link Json#decodeValue(Buffer)}
 * where {@code StrictJson} reads now. The side-by-side baseline of {@link DecodeChecks}.
 *
 * <p>Stateless; thread-safe.
 */
final class Before13 {

  private Before13() {
  }

  /**
   * {@code Frames.decode(Buffer)} of {@code 48caaca}.
   *
   * @param payload a frame's payload
   * @return the JSON object it holds
   */
  static JsonObject decode(Buffer payload) {
    if (payload.length() >= 2 && payload.getByte(0) == 'a' && payload.getByte(1) == ':') {
      throw new ChannelException(Reason.UNSUPPORTED_ENCODING,
          "PHP serialize() payloads are reserved and not supported yet");
    }
    Object value = decodeJson(payload);
    if (!(value instanceof JsonObject)) {
      throw new ChannelException(Reason.BAD_JSON, "payload is not a JSON object");
    }
    return (JsonObject) value;
  }

  /**
   * The parser fallback of {@code Frames.decodeJson(byte[], int, int)} of {@code 48caaca}, for
   * a value that is not a plain string.
   *
   * @return the value in {@code bytes[from, to)}
   */
  static Object decodeJson(byte[] bytes, int from, int to) {
    return decodeJson(Buffer.buffer(bytes).slice(from, to));
  }

  private static Object decodeJson(Buffer json) {
    try {
      return Json.decodeValue(json);
    } catch (DecodeException e) {
      throw new ChannelException(Reason.BAD_JSON, "payload is not valid JSON");
    }
  }
}
