package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.core.internal.HeapBytes;
import dev.switchboard.core.internal.StrictJson;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The frames of a publish and of its answer, written and read without a JSON library: the
 * request a client sends ({@code publish}, {@code publishLoop}) straight into its buffer, and the
 * id of the {@code ack} the server writes in its fixed layout. The rest of the codec is
 * {@link Frames}'. Every method is thread-safe (no state).
 */
public final class PublishFrames {

  private static final int HEADER = Frames.HEADER;
  private static final byte[] PUBLISH_PREFIX =
      "{\"type\":\"publish\",\"id\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PUBLISH_LOOP_PREFIX =
      "{\"type\":\"publishLoop\",\"id\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CHANNELS_PREFIX = ",\"channels\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CHANNELS_END_DATA = "],\"data\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] QUOTE_BRACE = {'"', '}'};

  private PublishFrames() {
  }

  /**
   * @param id       the request id
   * @param channels the channels
   * @param dataJson the data, already encoded by {@link Frames#encodeData(Object)}
   * @return the frame of the request {@code {"type":"publish","id":...,"channels":[...],"data":...}}
   */
  public static Buffer publish(long id, Collection<String> channels, String dataJson) {
    return publish(id, false, channels, dataJson);
  }

  /**
   * @param id       the request id
   * @param loop     whether it is a {@code publishLoop} (one subscriber per channel, in turn)
   * @param channels the channels
   * @param dataJson the data, already encoded by {@link Frames#encodeData(Object)}
   * @return the frame of the request {@code publish} or {@code publishLoop}
   */
  public static Buffer publish(long id, boolean loop, Collection<String> channels,
      String dataJson) {
    return withLength(publishPrefix(id, loop, channels, dataJson.length())
        .appendString(dataJson)
        .appendByte((byte) '}'));
  }

  /**
   * The frame of a {@code publish} or {@code publishLoop} request, written straight into its
   * buffer: a string without anything to escape (the common case) goes in as its UTF-8 bytes,
   * anything else as {@link Frames#encodeData(Object)} encodes it.
   *
   * @param id       the request id
   * @param loop     whether it is a {@code publishLoop}
   * @param channels the channels
   * @param data     the data, as {@link Frames#encodeData(Object)} takes it
   * @return the frame
   * @throws ChannelException {@code BAD_REQUEST} when the data is not JSON-encodable
   */
  public static Buffer publishData(long id, boolean loop, Collection<String> channels,
      Object data) {
    if (data instanceof String text && Frames.plainText(text)) {
      return withLength(publishPrefix(id, loop, channels, text.length() + 2)
          .appendByte((byte) '"')
          .appendString(text)
          .appendBytes(QUOTE_BRACE));
    }
    return publish(id, loop, channels, Frames.encodeData(data));
  }

  /** A publish frame up to its data, its length header still 0 ({@link #withLength}). */
  private static Buffer publishPrefix(long id, boolean loop, Collection<String> channels,
      int dataLength) {
    int capacity = HEADER + PUBLISH_LOOP_PREFIX.length + 20 + CHANNELS_PREFIX.length
        + CHANNELS_END_DATA.length + dataLength + 1;
    for (String channel : channels) {
      capacity += channel.length() + 3; // quotes and comma; more only beyond ASCII
    }
    Buffer frame = Buffer.buffer(capacity)
        .appendInt(0)
        .appendBytes(loop ? PUBLISH_LOOP_PREFIX : PUBLISH_PREFIX)
        .appendString(Long.toString(id))
        .appendBytes(CHANNELS_PREFIX);
    boolean first = true;
    for (String channel : channels) {
      if (!first) {
        frame.appendByte((byte) ',');
      }
      frame.appendBytes(Frames.jsonString(channel));
      first = false;
    }
    return frame.appendBytes(CHANNELS_END_DATA);
  }

  /** Sets a frame's length header to its length. */
  private static Buffer withLength(Buffer frame) {
    return frame.setInt(0, frame.length());
  }

  /**
   * Reads the id of an {@code ack} frame laid out as {@link Frames#ack(long)} writes it, without a
   * parser.
   *
   * @param payload a frame's payload
   * @return the id, or null when the payload is not laid out that way (decode it with {@link
   *     Frames#decode(Buffer)} then)
   */
  public static Long decodeAck(Buffer payload) {
    HeapBytes heap = HeapBytes.of(payload);
    byte[] bytes = heap.array();
    int to = heap.to() - 1;
    int at = heap.from() + Frames.ACK_PREFIX.length;
    // at most 18 digits: no overflow, and no leading zero (as a JSON number is written)
    if (to - at < 1 || to - at > 18 || bytes[to] != '}'
        || !Frames.startsWith(bytes, heap.from(), heap.to(), Frames.ACK_PREFIX)
        || (bytes[at] == '0' && to - at > 1)) {
      return null;
    }
    long id = 0;
    for (int i = at; i < to; i++) {
      byte b = bytes[i];
      if (b < '0' || b > '9') {
        return null;
      }
      id = id * 10 + (b - '0');
    }
    return id;
  }

  /**
   * A {@code publish} or {@code publishLoop} request read by {@link #readPublish}.
   *
   * @param id       its id
   * @param loop     whether it is a {@code publishLoop}
   * @param channels its channels, as listed (duplicates included)
   * @param data     its data's JSON text, a slice of the payload (checked; never modify it)
   */
  public record Publish(long id, boolean loop, List<String> channels, Buffer data) {
  }

  /**
   * Reads a publish request laid out exactly as {@link #publish(long, boolean, Collection,
   * String)} writes it, channel names without escapes, without a JSON parser for the envelope:
   * what it reads is what {@link Frames#decodeRequest(Buffer)} would read, the same checks passed
   * (UTF-8, the data one valid JSON value); anything else, including every request it would
   * refuse, is left to {@link Frames#decodeRequest(Buffer)}.
   *
   * @param payload a frame's payload
   * @param last    the connection's last channel name, reused when the request names it again
   * @return the request, or null when the payload is not laid out that way
   */
  public static Publish readPublish(Buffer payload, LastChannel last) {
    HeapBytes heap = HeapBytes.of(payload);
    byte[] bytes = heap.array();
    int end = heap.to() - 1; // the closing brace
    int at = heap.from();
    boolean loop;
    if (Frames.startsWith(bytes, at, end, PUBLISH_PREFIX)) {
      loop = false;
      at += PUBLISH_PREFIX.length;
    } else if (Frames.startsWith(bytes, at, end, PUBLISH_LOOP_PREFIX)) {
      loop = true;
      at += PUBLISH_LOOP_PREFIX.length;
    } else {
      return null;
    }
    int digits = at;
    long id = 0;
    while (at < end && at - digits < 19 && bytes[at] >= '0' && bytes[at] <= '9') {
      id = id * 10 + (bytes[at++] - '0');
    }
    // 1 to 18 digits, no leading zero: a long, written as JSON writes it
    if (at == digits || at - digits > 18 || (bytes[digits] == '0' && at - digits > 1)
        || !Frames.startsWith(bytes, at, end, CHANNELS_PREFIX)) {
      return null;
    }
    at += CHANNELS_PREFIX.length;
    List<String> channels = new ArrayList<>(1);
    while (true) {
      int close = plainStringEnd(bytes, at, end);
      if (close < 0) {
        return null;
      }
      channels.add(last != null && channels.isEmpty() ? last.name(bytes, at + 1, close)
          : new String(bytes, at + 1, close - at - 1, StandardCharsets.UTF_8));
      at = close + 1;
      if (at < end && bytes[at] == ',') {
        at++;
      } else {
        break;
      }
    }
    if (!Frames.startsWith(bytes, at, end, CHANNELS_END_DATA) || bytes[end] != '}') {
      return null;
    }
    at += CHANNELS_END_DATA.length;
    // the data: a string with nothing escaped (checked here), else any value (checked by the
    // strict parser); the text as a whole must be UTF-8 either way
    boolean plain = plainStringEnd(bytes, at, end) == end - 1;
    if (at >= end || space(bytes[at]) || space(bytes[end - 1])
        || !StrictJson.isUtf8(bytes, heap.from(), heap.to())
        || (!plain && !StrictJson.isValid(bytes, at, end))) {
      return null;
    }
    int offset = at - heap.from();
    return new Publish(id, loop, channels, payload.slice(offset, offset + end - at));
  }

  /** White space around a JSON value, which {@link Frames#decodeRequest} leaves out of it. */
  private static boolean space(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  /**
   * @return the index of the closing quote of the JSON string starting at {@code at} if nothing
   *     in it is escaped or a control character, else -1
   */
  private static int plainStringEnd(byte[] bytes, int at, int end) {
    if (at >= end || bytes[at] != '"') {
      return -1;
    }
    for (int i = at + 1; i < end; i++) {
      byte b = bytes[i];
      if (b == '"') {
        return i;
      }
      if (b == '\\' || (b >= 0 && b < 0x20)) {
        return -1;
      }
    }
    return -1;
  }
}
