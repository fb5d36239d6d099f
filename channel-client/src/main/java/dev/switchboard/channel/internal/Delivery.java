package dev.switchboard.channel.internal;

import dev.switchboard.core.internal.Framing;
import io.vertx.core.buffer.Buffer;

import java.util.function.Function;

/**
 * One event on its way to the subscribers of a node: the channel and the event's frame, encoded
 * once per publish and shared by every subscriber. The data is decoded at most once per node, and
 * only when an in-process subscriber asks for it, and the frame is re-encoded for subscribers of
 * another encoding (a channel server's PHP connections) at most once per node too.
 *
 * <p>Threading: immutable apart from the lazily decoded data; safe to share between threads.
 */
public final class Delivery {

  private final String channel;
  private final Buffer frame;
  private volatile Object data;
  private volatile boolean decoded;
  private volatile Buffer other;

  /**
   * @param channel the channel
   * @param frame   the whole {@code event} frame, header included; never modified
   */
  public Delivery(String channel, Buffer frame) {
    this.channel = channel;
    this.frame = frame;
  }

  /**
   * @return the channel
   */
  public String channel() {
    return channel;
  }

  /**
   * @return the event's frame, header included; shared, so never modify it
   */
  public Buffer frame() {
    return frame;
  }

  /**
   * @return the published data, decoded from the frame on first use
   */
  public Object data() {
    if (!decoded) {
      data = Frames.decodeEvent(frame.slice(Framing.HEADER, frame.length())).data();
      decoded = true;
    }
    return data;
  }

  /**
   * The event's frame in another encoding, computed by the first subscriber that asks and shared
   * with the next ones (there is one other encoding, so one encoder per node).
   *
   * @param encoder makes the frame from this delivery; may return null (nothing to send)
   * @return the encoder's frame; shared, so never modify it
   */
  public Buffer otherFrame(Function<Delivery, Buffer> encoder) {
    Buffer frame = other;
    if (frame == null) {
      frame = encoder.apply(this);
      other = frame;
    }
    return frame;
  }
}
