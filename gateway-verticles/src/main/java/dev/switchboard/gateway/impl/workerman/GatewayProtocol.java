package dev.switchboard.gateway.impl.workerman;

import dev.switchboard.core.internal.FrameException;
import dev.switchboard.core.internal.FrameParser;
import io.vertx.core.buffer.Buffer;

import java.util.function.Consumer;

/**
 * GatewayWorker's inner protocol on the wire: a 28-byte big-endian header (PHP's
 * {@code pack("NCNnNnNCnN")}: pack_len, cmd, local_ip, local_port, client_ip, client_port,
 * connection_id, flag, gateway_port, ext_len), then ext_len bytes of ext_data, then the body up
 * to pack_len, which counts the whole packet. A gateway answers a query with
 * {@code pack('N', len) . serialize(result)}, the length not counting its own 4 bytes
 * ({@link #reply(Buffer)}).
 *
 * <p>The stream is split by {@link FrameParser} (its length prefix counts itself, as pack_len
 * does), so a packet's length is checked against the maximum before anything of it is held, and a
 * peer announcing a large packet costs memory only as its bytes arrive.
 *
 * <p>Threading: stateless, thread-safe; a {@link #parser} is fed from one context.
 */
public final class GatewayProtocol {

  /** The header's length, pack_len included: {@value}. */
  public static final int HEADER = 28;
  /** Flag: the body is a scalar's bytes (else PHP {@code serialize()} of the value). */
  public static final int FLAG_BODY_IS_SCALAR = 0x01;
  /** Flag: the body is to be sent as it is, not encoded by the client's protocol. */
  public static final int FLAG_NOT_CALL_ENCODE = 0x02;

  private GatewayProtocol() {
  }

  /**
   * A stream parser of packets.
   *
   * @param maxPackageSize the largest packet accepted, header included (at least {@link #HEADER})
   * @param packets        receives each packet
   * @param errors         receives the one error: {@link FrameException} of reason
   *                       {@code FRAME_TOO_LARGE} over the maximum, {@code BAD_FRAME} for a packet
   *                       shorter than its header or whose ext_len runs past its end; what arrives
   *                       after it is dropped
   * @return the parser, to feed with the connection's bytes
   */
  public static GatewayParser parser(int maxPackageSize, Consumer<GatewayPacket> packets,
      Consumer<FrameException> errors) {
    if (maxPackageSize < HEADER) {
      throw new IllegalArgumentException("maxPackageSize must be at least " + HEADER + ", got "
          + maxPackageSize);
    }
    return new GatewayParser(maxPackageSize, packets, errors);
  }

  /**
   * Reads one whole packet.
   *
   * @param packet the packet's bytes, pack_len included
   * @return the packet
   * @throws FrameException ({@code BAD_FRAME}) when pack_len is not the buffer's length, or as
   *     {@link #decodePayload}
   */
  public static GatewayPacket decode(Buffer packet) {
    if (packet.length() < 4 || packet.getUnsignedInt(0) != packet.length()) {
      throw new FrameException(FrameException.Reason.BAD_FRAME, "pack_len "
          + (packet.length() < 4 ? "missing" : packet.getUnsignedInt(0)) + " is not the packet's "
          + "length " + packet.length());
    }
    return decodePayload(packet.slice(4, packet.length()));
  }

  /**
   * Reads a packet after its pack_len (what the {@link FrameParser} hands over).
   *
   * @param payload the packet without its first 4 bytes
   * @return the packet; its ext_data and body are slices of {@code payload}
   * @throws FrameException ({@code BAD_FRAME}) when it is shorter than the rest of the header, or
   *     ext_len runs past its end
   */
  public static GatewayPacket decodePayload(Buffer payload) {
    int headerRest = HEADER - 4;
    if (payload.length() < headerRest) {
      throw new FrameException(FrameException.Reason.BAD_FRAME, "packet of " + (payload.length()
          + 4) + " bytes is shorter than the " + HEADER + "-byte header");
    }
    long extLen = payload.getUnsignedInt(20);
    if (extLen > payload.length() - headerRest) {
      throw new FrameException(FrameException.Reason.BAD_FRAME, "ext_len " + extLen
          + " runs past the packet's end (" + (payload.length() - headerRest)
          + " bytes after the header)");
    }
    int bodyStart = headerRest + (int) extLen;
    return new GatewayPacket(payload.getUnsignedByte(0), payload.getUnsignedInt(1),
        payload.getUnsignedShort(5), payload.getUnsignedInt(7), payload.getUnsignedShort(11),
        payload.getUnsignedInt(13), payload.getUnsignedByte(17), payload.getUnsignedShort(18),
        payload.slice(headerRest, bodyStart), payload.slice(bodyStart, payload.length()));
  }

  /**
   * Writes a packet.
   *
   * @param packet the packet
   * @return its bytes
   * @throws IllegalArgumentException when it would be longer than 2^32-1 bytes
   */
  public static Buffer encode(GatewayPacket packet) {
    long length = (long) HEADER + packet.extData().length() + packet.body().length();
    if (length > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("packet of " + length + " bytes is too long");
    }
    Buffer out = Buffer.buffer((int) length);
    out.appendUnsignedInt(length).appendUnsignedByte((short) packet.cmd())
        .appendUnsignedInt(packet.localIp()).appendUnsignedShort(packet.localPort())
        .appendUnsignedInt(packet.clientIp()).appendUnsignedShort(packet.clientPort())
        .appendUnsignedInt(packet.connectionId()).appendUnsignedByte((short) packet.flag())
        .appendUnsignedShort(packet.gatewayPort()).appendUnsignedInt(packet.extData().length())
        .appendBuffer(packet.extData()).appendBuffer(packet.body());
    return out;
  }

  /**
   * A query's answer: {@code pack('N', strlen($data)) . $data}.
   *
   * @param serialized the answer, PHP {@code serialize()}d
   * @return the bytes to write
   */
  public static Buffer reply(Buffer serialized) {
    return Buffer.buffer(4 + serialized.length()).appendUnsignedInt(serialized.length())
        .appendBuffer(serialized);
  }
}
