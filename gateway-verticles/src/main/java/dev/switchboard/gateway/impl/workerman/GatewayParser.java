package dev.switchboard.gateway.impl.workerman;

import dev.switchboard.core.internal.FrameException;
import dev.switchboard.core.internal.FrameParser;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.util.function.Consumer;

/**
 * A stream parser of GatewayWorker packets ({@link GatewayProtocol#parser}): core's
 * {@link FrameParser} splits the stream (pack_len counts itself, as a frame's length does) and
 * each frame is read as a packet. After the one error, whatever arrives is dropped, so a broken
 * stream holds nothing more.
 *
 * <p>Threading: not thread-safe; feed it from the connection's context.
 */
public final class GatewayParser implements Handler<Buffer> {

  private final FrameParser frames;
  private final Consumer<GatewayPacket> packets;
  private final Consumer<FrameException> errors;
  private boolean failed;

  GatewayParser(int maxPackageSize, Consumer<GatewayPacket> packets,
      Consumer<FrameException> errors) {
    this.packets = packets;
    this.errors = errors;
    this.frames = new FrameParser(maxPackageSize, this::onFrame, this::fail);
  }

  @Override
  public void handle(Buffer chunk) {
    if (!failed) {
      frames.handle(chunk);
    }
  }

  private void onFrame(Buffer payload) {
    if (failed) {
      return;
    }
    GatewayPacket packet;
    try {
      packet = GatewayProtocol.decodePayload(payload);
    } catch (FrameException e) {
      frames.pause(); // nothing after a broken packet is handed over
      fail(e);
      return;
    }
    packets.accept(packet);
  }

  private void fail(FrameException e) {
    failed = true;
    errors.accept(e);
  }

  /** Stops handing over packets (those arriving meanwhile are held). */
  public void pause() {
    frames.pause();
  }

  /** Hands over the packets held, and those arriving, again. */
  public void resume() {
    if (!failed) {
      frames.resume();
    }
  }

  /** @return the bytes held: part of one packet, or packets held while paused */
  public int pendingBytes() {
    return failed ? 0 : frames.pendingBytes();
  }

  /** @return whether the stream broke */
  public boolean failed() {
    return failed;
  }
}
