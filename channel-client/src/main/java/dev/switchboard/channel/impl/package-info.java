/**
 * Implementation of {@link dev.switchboard.channel.ChannelClient}: its remote face (TCP to a
 * channel server, with its outbox and pending requests) and its local face (on the node's
 * {@link dev.switchboard.channel.internal.ChannelNode}). Private to {@code channel-client}: no
 * other module uses it (checked by {@code ModuleBoundariesTest} in {@code examples}).
 */
package dev.switchboard.channel.impl;
