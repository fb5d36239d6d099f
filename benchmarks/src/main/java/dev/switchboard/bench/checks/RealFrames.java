package dev.switchboard.bench.checks;

import dev.switchboard.channel.internal.Frames;
import dev.switchboard.channel.internal.PublishFrames;
import dev.switchboard.core.internal.Framing;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The frames the end-to-end benchmarks put on the wire, built by the production encoder
 * ({@link Frames}), as the receiving side's {@code FrameParser} hands them over: the payload
 * without its length header, a slice of the heap buffer the socket delivered.
 *
 * <p>{@code benchmarks/channel.sh} publishes on one channel named {@code bench-<uuid>} a 128-byte
 * ASCII string (19 digits of sequence number, a space, 19 digits of send time, a space, dots: the
 * layout of the channel benchmark's payload); its publisher reads one ack per publish and every
 * subscriber one event per publish. The gateway fan-out benchmark sends WebSocket text frames,
 * which no check added by issue 13 reads.
 *
 * <p>Immutable; thread-safe.
 */
final class RealFrames {

  /** A channel name as the channel benchmark makes them ({@code "bench-" + UUID}). */
  static final String CHANNEL = "bench-5f0c1a52-7d0e-4c59-9d8e-3b2a41c7e6f1";
  /** The channels of a publish request, as the server reads them (a set in request order). */
  static final Set<String> CHANNELS = new LinkedHashSet<>(List.of(CHANNEL));
  /** The published data: 128 ASCII characters. */
  static final String DATA = data(1_234_567L, 98_765_432_101L);

  private RealFrames() {
  }

  private static String data(long seq, long nanos) {
    StringBuilder text = new StringBuilder(String.format("%019d %019d ", seq, nanos));
    while (text.length() < 128) {
      text.append('.');
    }
    return text.toString();
  }

  /**
   * @return the payload of a publish request of the channel benchmark's publisher
   */
  static Buffer publishRequest() {
    return payload(PublishFrames.publish(41_235L, List.of(CHANNEL), Frames.encodeData(DATA)));
  }

  /**
   * @return the payload of the ack the publisher reads for each publish
   */
  static Buffer ack() {
    return payload(Frames.ack(41_235L));
  }

  /**
   * @return the payload of the event each subscriber reads for each publish
   */
  static Buffer event() {
    return payload(Frames.event(CHANNEL, Frames.encodeData(DATA)));
  }

  /**
   * Data the benchmarks do not send: a JSON object (what a gateway routing request carries), to
   * show what the parser costs when it has to run.
   *
   * @return its JSON text, UTF-8
   */
  static byte[] objectData() {
    return new JsonObject().put("op", "sendToAll").put("message", DATA).put("seq", 1_234_567L)
        .encode().getBytes(StandardCharsets.UTF_8);
  }

  /** Strips the header as the frame parser does: a slice of the received buffer. */
  private static Buffer payload(Buffer frame) {
    Buffer received = Buffer.buffer(frame.getBytes());
    return received.slice(Framing.HEADER, received.length());
  }
}
