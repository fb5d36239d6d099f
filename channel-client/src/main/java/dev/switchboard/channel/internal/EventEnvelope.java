package dev.switchboard.channel.internal;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * An event between two nodes: the sending node, the channel, and the event frame as the
 * subscribers receive it (so the receiving node forwards the bytes without re-encoding).
 * Layout: uint8 sender length, sender (ASCII), int32 channel length, channel (UTF-8), frame.
 *
 * @param sender  the sending node's id
 * @param channel the channel
 * @param frame   the event frame, header included
 */
record EventEnvelope(String sender, String channel, Buffer frame) {

  static Buffer encode(String sender, String channel, Buffer frame) {
    byte[] from = sender.getBytes(StandardCharsets.US_ASCII);
    byte[] name = channel.getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer(5 + from.length + name.length + frame.length())
        .appendUnsignedByte((short) from.length)
        .appendBytes(from)
        .appendInt(name.length)
        .appendBytes(name)
        .appendBuffer(frame);
  }

  static EventEnvelope decode(Buffer envelope) {
    int pos = 0;
    int fromLength = envelope.getUnsignedByte(pos);
    pos += 1;
    String sender = envelope.getString(pos, pos + fromLength, "US-ASCII");
    pos += fromLength;
    int nameLength = envelope.getInt(pos);
    pos += 4;
    String channel = envelope.getString(pos, pos + nameLength, "UTF-8");
    pos += nameLength;
    return new EventEnvelope(sender, channel, envelope.slice(pos, envelope.length()));
  }
}
