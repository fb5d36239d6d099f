package dev.switchboard.channel.internal;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * An event between two nodes: the window it went through ({@link PeerWindow}: its epoch and the
 * cumulative count of bytes the event brings it to), the sending node, the channel, and the event
 * frame as the subscribers receive it (so the receiving node forwards the bytes without
 * re-encoding). Layout: int32 epoch, int64 count, uint8 sender length, sender (ASCII), int32
 * channel length, channel (UTF-8), frame. An envelope is encoded once per publish with a blank
 * window, then {@link #stamp(Buffer, int, long)}ed per peer.
 *
 * @param epoch   the epoch of the sender's window
 * @param count   the count of the sender's window with this event
 * @param sender  the sending node's id
 * @param channel the channel
 * @param frame   the event frame, header included
 */
record EventEnvelope(int epoch, long count, String sender, String channel, Buffer frame) {

  /** Bytes of the window fields at the start of an envelope. */
  private static final int WINDOW = 12;

  static Buffer encode(String sender, String channel, Buffer frame) {
    byte[] from = sender.getBytes(StandardCharsets.US_ASCII);
    byte[] name = channel.getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer(WINDOW + 5 + from.length + name.length + frame.length())
        .appendInt(0)
        .appendLong(0)
        .appendUnsignedByte((short) from.length)
        .appendBytes(from)
        .appendInt(name.length)
        .appendBytes(name)
        .appendBuffer(frame);
  }

  /**
   * Writes a window's fields into an envelope.
   *
   * @return the envelope
   */
  static Buffer stamp(Buffer envelope, int epoch, long count) {
    return envelope.setInt(0, epoch).setLong(4, count);
  }

  static EventEnvelope decode(Buffer envelope) {
    int epoch = envelope.getInt(0);
    long count = envelope.getLong(4);
    int pos = WINDOW;
    int fromLength = envelope.getUnsignedByte(pos);
    pos += 1;
    String sender = envelope.getString(pos, pos + fromLength, "US-ASCII");
    pos += fromLength;
    int nameLength = envelope.getInt(pos);
    pos += 4;
    String channel = envelope.getString(pos, pos + nameLength, "UTF-8");
    pos += nameLength;
    return new EventEnvelope(epoch, count, sender, channel, envelope.slice(pos, envelope.length()));
  }
}
