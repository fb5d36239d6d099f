/**
 * The channel server. Deploy {@link dev.switchboard.channel.server.ChannelServerVerticle} (or
 * create a {@link dev.switchboard.channel.server.ChannelServer} with {@link
 * dev.switchboard.channel.server.ChannelServerOptions}) on each node; every server of the cluster
 * forms one channel space.
 */
package dev.switchboard.channel.server;
