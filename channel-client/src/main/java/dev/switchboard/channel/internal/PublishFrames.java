package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.core.internal.HeapBytes;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

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
    Buffer frame = Buffer.buffer(HEADER + 64 + 24 * channels.size() + dataLength)
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
}
