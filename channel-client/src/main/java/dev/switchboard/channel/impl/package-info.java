/**
 * Implementation of the channel space: the frame codec ({@link
 * dev.switchboard.channel.impl.FrameParser}, {@link dev.switchboard.channel.impl.Frames}), the
 * per-node router ({@link dev.switchboard.channel.impl.ChannelNode}), the bounded send buffer and
 * the two clients. Not a public API; the channel server and the gateway use it.
 */
package dev.switchboard.channel.impl;
