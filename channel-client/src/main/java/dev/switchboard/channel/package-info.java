/**
 * The channel space: cluster-wide publish/subscribe. Start with {@link
 * dev.switchboard.channel.ChannelClient}: {@code ChannelClient.create(vertx, options)} for a
 * process outside the cluster (TCP to a channel server, options in {@link
 * dev.switchboard.channel.ChannelClientOptions}), {@code ChannelClient.local(vertx)} inside a
 * node. The same client also uses the cluster-wide work queues ({@code enqueue}, {@code watch}
 * with {@link dev.switchboard.channel.QueueItem}s to ack or nack). Failures are {@link dev.switchboard.channel.ChannelException}s with a reason. The wire
 * protocol is specified in {@code docs/protocol.md}.
 */
package dev.switchboard.channel;
