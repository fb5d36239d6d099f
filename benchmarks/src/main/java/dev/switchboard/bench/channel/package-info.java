/**
 * The channel publish/subscribe benchmark ({@code benchmarks/channel.sh}, main {@link
 * dev.switchboard.bench.channel.ChannelBench}): one publisher to N subscribers against our channel
 * server (one, then two federated) and redis-server, and a flight-recorder profile.
 */
package dev.switchboard.bench.channel;
