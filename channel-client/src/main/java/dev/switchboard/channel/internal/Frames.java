package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.ChannelMessage;
import dev.switchboard.core.internal.FrameException;
import dev.switchboard.core.internal.Framing;
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

  private static final int HEADER = Framing.HEADER;
  private static final byte[] EVENT_PREFIX =
      "{\"type\":\"event\",\"channel\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DATA_PREFIX = ",\"data\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ACK_PREFIX = "{\"type\":\"ack\",\"id\":".getBytes(StandardCharsets.UTF_8);

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
  private static boolean plainText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param id       the request id
   * @param channels the channels
   * @param dataJson the data, already encoded by {@link #encodeData(Object)}
   * @return the frame of the request {@code {"type":"publish","id":...,"channels":[...],"data":...}}
   */
  public static Buffer publish(long id, Collection<String> channels, String dataJson) {
    return publish(id, false, channels, dataJson);
  }

  /**
   * @param id       the request id
   * @param loop     whether it is a {@code publishLoop} (one subscriber per channel, in turn)
   * @param channels the channels
   * @param dataJson the data, already encoded by {@link #encodeData(Object)}
   * @return the frame of the request {@code publish} or {@code publishLoop}
   */
  public static Buffer publish(long id, boolean loop, Collection<String> channels,
      String dataJson) {
    StringBuilder json = new StringBuilder(64 + dataJson.length())
        .append(loop ? "{\"type\":\"publishLoop\",\"id\":" : "{\"type\":\"publish\",\"id\":")
        .append(id).append(",\"channels\":[");
    boolean first = true;
    for (String channel : channels) {
      json.append(first ? "" : ",").append(encodeData(channel));
      first = false;
    }
    json.append("],\"data\":").append(dataJson).append('}');
    return Framing.frame(Buffer.buffer(json.toString()));
  }

  /**
   * @param channel  the channel
   * @param dataJson the data, already encoded by {@link #encodeData(Object)}
   * @return the frame of the event {@code {"type":"event","channel":...,"data":...}}
   */
  public static Buffer event(String channel, String dataJson) {
    byte[] name = Json.encode(channel).getBytes(StandardCharsets.UTF_8);
    byte[] data = dataJson.getBytes(StandardCharsets.UTF_8);
    int length = HEADER + EVENT_PREFIX.length + name.length + DATA_PREFIX.length + data.length + 1;
    return Buffer.buffer(length)
        .appendInt(length)
        .appendBytes(EVENT_PREFIX)
        .appendBytes(name)
        .appendBytes(DATA_PREFIX)
        .appendBytes(data)
        .appendByte((byte) '}');
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
    byte[] bytes = payload.getBytes();
    int length = bytes.length;
    if (length < EVENT_PREFIX.length + DATA_PREFIX.length + 3 || !startsWith(bytes, 0, EVENT_PREFIX)
        || bytes[length - 1] != '}' || bytes[EVENT_PREFIX.length] != '"') {
      return null;
    }
    int end = EVENT_PREFIX.length + 1;
    boolean escaped = false;
    while (end < length && bytes[end] != '"') {
      if (bytes[end] == '\\') {
        escaped = true;
        end++;
      }
      end++;
    }
    if (end >= length || !startsWith(bytes, end + 1, DATA_PREFIX)) {
      return null;
    }
    String channel = escaped
        ? (String) decodeJson(bytes, EVENT_PREFIX.length, end + 1)
        : new String(bytes, EVENT_PREFIX.length + 1, end - EVENT_PREFIX.length - 1,
            StandardCharsets.UTF_8);
    Object data = decodeJson(bytes, end + 1 + DATA_PREFIX.length, length - 1);
    return new ChannelMessage(channel, data);
  }

  private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
    if (bytes.length - at < prefix.length) {
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
   * @param error a framing error of the byte stream
   * @return the same error in the channel protocol's terms (same code, same detail)
   */
  public static ChannelException protocolError(FrameException error) {
    return new ChannelException(Reason.valueOf(error.reason().name()), error.detail());
  }
}
