package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.ChannelMessage;
import dev.switchboard.core.internal.FrameException;
import dev.switchboard.core.internal.Framing;
import dev.switchboard.core.internal.HeapBytes;
import dev.switchboard.core.internal.StrictJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Encodes and decodes frames of the channel protocol: the one codec of client, server and
 * gateway. The length-prefix framing itself is {@link Framing}'s. Every method is thread-safe (no
 * state).
 */
public final class Frames {

  static final int HEADER = Framing.HEADER;
  private static final byte[] EVENT_PREFIX =
      "{\"type\":\"event\",\"channel\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DATA_PREFIX = ",\"data\":".getBytes(StandardCharsets.UTF_8);
  static final byte[] ACK_PREFIX = "{\"type\":\"ack\",\"id\":".getBytes(StandardCharsets.UTF_8);

  private Frames() {
  }

  /**
   * @param message a JSON message
   * @return its frame
   * @throws ChannelException {@code BAD_REQUEST} when a value is not JSON-encodable
   */
  public static Buffer frame(JsonObject message) {
    try {
      return Framing.frame(message.toBuffer());
    } catch (EncodeException | IllegalStateException e) {
      throw new ChannelException(Reason.BAD_REQUEST, "data is not JSON-encodable", e);
    }
  }

  /**
   * Encodes published data once, to be reused for every channel and subscriber.
   *
   * @param data a String, Number, Boolean, JsonObject, JsonArray (or Map / List) or null
   * @return its JSON text
   * @throws ChannelException {@code BAD_REQUEST} when the data is not JSON-encodable
   */
  public static String encodeData(Object data) {
    if (data instanceof String text && plainText(text)) {
      return '"' + text + '"';
    }
    try {
      return Json.encode(data);
    } catch (EncodeException | IllegalStateException e) {
      throw new ChannelException(Reason.BAD_REQUEST, "data is not JSON-encodable", e);
    }
  }

  /** Whether a string can be written as JSON between two quotes as it is (nothing to escape). */
  static boolean plainText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param channel  the channel
   * @param dataJson the data, already encoded by {@link #encodeData(Object)}
   * @return the frame of the event {@code {"type":"event","channel":...,"data":...}}
   */
  public static Buffer event(String channel, String dataJson) {
    return event(channel, Buffer.buffer(dataJson.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * @param channel  the channel
   * @param dataJson the data's JSON text, valid (checked when it was read); copied, not kept
   * @return the frame of the event {@code {"type":"event","channel":...,"data":...}}: the
   *     channel's prefix, the data's bytes as they are, the closing brace
   */
  public static Buffer event(String channel, Buffer dataJson) {
    byte[] name = jsonString(channel);
    int length = HEADER + EVENT_PREFIX.length + name.length + DATA_PREFIX.length
        + dataJson.length() + 1;
    return Buffer.buffer(length)
        .appendInt(length)
        .appendBytes(EVENT_PREFIX)
        .appendBytes(name)
        .appendBytes(DATA_PREFIX)
        .appendBuffer(dataJson)
        .appendByte((byte) '}');
  }

  /** A string's JSON text in UTF-8: its bytes between quotes when nothing needs escaping. */
  static byte[] jsonString(String text) {
    if (!plainText(text)) {
      return Json.encode(text).getBytes(StandardCharsets.UTF_8);
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] quoted = new byte[utf8.length + 2];
    quoted[0] = '"';
    System.arraycopy(utf8, 0, quoted, 1, utf8.length);
    quoted[quoted.length - 1] = '"';
    return quoted;
  }

  /**
   * @param delivery a work queue item
   * @return the frame {@code {"type":"queue","queue":...,"item":...,"redelivered":...,"data":...}}
   */
  public static Buffer queueItem(QueueDelivery delivery) {
    String json = "{\"type\":\"queue\",\"queue\":" + Json.encode(delivery.queue())
        + ",\"item\":" + Json.encode(delivery.item())
        + ",\"redelivered\":" + delivery.redelivered()
        + ",\"data\":" + delivery.dataJson() + '}';
    return Framing.frame(Buffer.buffer(json));
  }

  /**
   * @param id the request id
   * @return the frame {@code {"type":"ack","id":id}}
   */
  public static Buffer ack(long id) {
    byte[] digits = Long.toString(id).getBytes(StandardCharsets.US_ASCII);
    int length = HEADER + ACK_PREFIX.length + digits.length + 1;
    return Buffer.buffer(length)
        .appendInt(length)
        .appendBytes(ACK_PREFIX)
        .appendBytes(digits)
        .appendByte((byte) '}');
  }

  /**
   * Decodes the payload of an event frame laid out as {@link #event(String, String)} writes it
   * without building a JSON object for the whole frame.
   *
   * @param payload a frame's payload
   * @return the event, or null when the payload is not laid out that way (decode it with
   *     {@link #decode(Buffer)} then)
   * @throws ChannelException {@code BAD_JSON} when the data is not valid JSON
   */
  public static ChannelMessage decodeEvent(Buffer payload) {
    return decodeEvent(payload, null);
  }

  /**
   * As {@link #decodeEvent(Buffer)}, the channel's name taken from {@code last} when it is the
   * same as the last event's.
   *
   * @param payload a frame's payload
   * @param last    the connection's last channel, or null
   * @return the event, or null when the payload is not laid out as an event frame
   * @throws ChannelException {@code BAD_JSON} when the data is not valid JSON
   */
  public static ChannelMessage decodeEvent(Buffer payload, LastChannel last) {
    // read where the socket put the bytes, not a copy of them
    HeapBytes heap = HeapBytes.of(payload);
    byte[] bytes = heap.array();
    int from = heap.from();
    int length = heap.to();
    int channelAt = from + EVENT_PREFIX.length;
    if (heap.length() < EVENT_PREFIX.length + DATA_PREFIX.length + 3
        || !startsWith(bytes, from, length, EVENT_PREFIX)
        || bytes[length - 1] != '}' || bytes[channelAt] != '"') {
      return null;
    }
    int end = channelAt + 1;
    boolean escaped = false;
    while (end < length && bytes[end] != '"') {
      if (bytes[end] == '\\') {
        escaped = true;
        end++;
      }
      end++;
    }
    if (end >= length || !startsWith(bytes, end + 1, length, DATA_PREFIX)) {
      return null;
    }
    String channel = escaped
        ? (String) decodeJson(bytes, channelAt, end + 1)
        : last != null ? last.name(bytes, channelAt + 1, end)
        : new String(bytes, channelAt + 1, end - channelAt - 1, StandardCharsets.UTF_8);
    Object data = decodeJson(bytes, end + 1 + DATA_PREFIX.length, length - 1);
    return new ChannelMessage(channel, data);
  }

  static boolean startsWith(byte[] bytes, int at, int to, byte[] prefix) {
    if (to - at < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param dataJson data encoded by {@link #encodeData(Object)}
   * @return the data as a String, Number, Boolean, {@code JsonObject}, {@code JsonArray} or null
   * @throws ChannelException {@code BAD_JSON} when it is not valid JSON
   */
  public static Object decodeData(String dataJson) {
    byte[] bytes = dataJson.getBytes(StandardCharsets.UTF_8);
    return decodeJson(bytes, 0, bytes.length);
  }

  /**
   * @param dataJson JSON text checked when it was read ({@link #decodeRequest(Buffer)})
   * @return the data as {@link #decodeData(String)} gives it
   * @throws ChannelException {@code BAD_JSON} when it is not valid JSON
   */
  public static Object decodeData(Buffer dataJson) {
    return strict(dataJson);
  }

  /** Decodes the JSON value in {@code bytes[from, to)}. */
  private static Object decodeJson(byte[] bytes, int from, int to) {
    String plain = plainString(bytes, from, to);
    return plain != null ? plain : strict(bytes, from, to);
  }

  private static Object strict(byte[] bytes, int from, int to) {
    try {
      return StrictJson.decode(bytes, from, to);
    } catch (DecodeException e) {
      throw badJson(e);
    }
  }

  private static Object strict(Buffer json) {
    try {
      return StrictJson.decode(json);
    } catch (DecodeException e) {
      throw badJson(e);
    }
  }

  private static ChannelException badJson(DecodeException e) {
    return new ChannelException(Reason.BAD_JSON, e.getMessage());
  }

  /** A JSON string without escapes needs no parser: its bytes between the quotes are the text. */
  private static String plainString(byte[] bytes, int from, int to) {
    int last = to - 1;
    if (last - from < 1 || bytes[from] != '"' || bytes[last] != '"') {
      return null;
    }
    for (int i = from + 1; i < last; i++) {
      byte b = bytes[i];
      if (b == '"' || b == '\\' || (b >= 0 && b < 0x20)) {
        return null;
      }
    }
    return new String(bytes, from + 1, last - from - 1, StandardCharsets.UTF_8);
  }

  /**
   * @param id      the request id, or null when the error answers no identified request
   * @param reason  the error code
   * @param message a human-readable reason
   * @return the frame {@code {"type":"error","id":id,"code":reason,"message":message}}
   */
  public static Buffer error(Long id, Reason reason, String message) {
    JsonObject error = new JsonObject().put("type", "error");
    if (id != null) {
      error.put("id", id);
    }
    return frame(error.put("code", reason.name()).put("message", message));
  }

  /**
   * @return the frame {@code {"type":"pong"}}
   */
  public static Buffer pong() {
    return frame(new JsonObject().put("type", "pong"));
  }

  /**
   * Decodes a non-empty payload.
   *
   * @param payload the payload of a frame
   * @return the JSON object it holds
   * @throws ChannelException {@code UNSUPPORTED_ENCODING} for a PHP-serialized payload,
   *     {@code BAD_JSON} for anything that is not a UTF-8 JSON object
   */
  public static JsonObject decode(Buffer payload) {
    if (payload.length() >= 2 && payload.getByte(0) == 'a' && payload.getByte(1) == ':') {
      throw new ChannelException(Reason.UNSUPPORTED_ENCODING,
          "PHP serialize() payloads are reserved and not supported yet");
    }
    Object value = strict(payload);
    if (!(value instanceof JsonObject)) {
      throw new ChannelException(Reason.BAD_JSON, "payload is not a JSON object");
    }
    return (JsonObject) value;
  }

  /**
   * Decodes a non-empty request payload as {@link #decode(Buffer)} does (the same checks, the same
   * errors), except that the value of its {@code data} member is checked without being built and
   * kept as the bytes it arrived as: a publish's data travels on unchanged.
   *
   * @param payload the payload of a frame
   * @return the request's other members, and its data's bytes (null when it has none)
   * @throws ChannelException as {@link #decode(Buffer)}
   */
  public static StrictJson.Split decodeRequest(Buffer payload) {
    if (payload.length() >= 2 && payload.getByte(0) == 'a' && payload.getByte(1) == ':') {
      return new StrictJson.Split(decode(payload), null); // refused there
    }
    StrictJson.Split split;
    try {
      split = StrictJson.decodeSplit(payload, "data");
    } catch (DecodeException e) {
      throw badJson(e);
    }
    return split != null ? split : new StrictJson.Split(decode(payload), null);
  }

  /**
   * @param error a framing error of the byte stream
   * @return the same error in the channel protocol's terms (same code, same detail)
   */
  public static ChannelException protocolError(FrameException error) {
    return new ChannelException(Reason.valueOf(error.reason().name()), error.detail());
  }
}
