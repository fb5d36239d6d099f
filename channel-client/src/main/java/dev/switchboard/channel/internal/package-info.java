/**
 * The channel federation engine, shared by the channel server and the gateway. <b>Not API</b>:
 * nothing here is stable for applications. Users: {@code channel-client} itself (its local
 * client), {@code channel-server}, {@code gateway-verticles}, and {@code benchmarks} (the
 * codec's micro-benchmarks); no other module.
 *
 * <p>What is here: {@link dev.switchboard.channel.internal.ChannelNode}, the channel space of one
 * Vert.x node (its local {@link dev.switchboard.channel.internal.Subscriber}s, what it knows of
 * the other nodes' in {@link dev.switchboard.channel.internal.PeerTable}, their membership in
 * {@link dev.switchboard.channel.internal.NodeMembership}, the bounded windows of the paths to them
 * in {@link dev.switchboard.channel.internal.PeerFlow} and their acknowledgements in {@link
 * dev.switchboard.channel.internal.AckIntake}); the {@link
 * dev.switchboard.channel.internal.Delivery} of one event to a node's subscribers and its {@link
 * dev.switchboard.channel.internal.EventEnvelope} between nodes; and {@link
 * dev.switchboard.channel.internal.Frames}, the channel protocol's codec (the length-prefix
 * framing under it is {@code dev.switchboard.core.internal}'s). The work queues' hand-off between
 * the channel server, which implements them, and the local client: {@link
 * dev.switchboard.channel.internal.NodeQueues} (a node's queues, found in {@link
 * dev.switchboard.channel.internal.QueueServices}), its {@link
 * dev.switchboard.channel.internal.QueueWatcher}s and their {@link
 * dev.switchboard.channel.internal.QueueDelivery}s.
 */
package dev.switchboard.channel.internal;
