/**
 * The status tools, {@code bin/gateway-status} ({@link dev.switchboard.status.GatewayStatus}) and
 * {@code bin/channel-status} ({@link dev.switchboard.status.ChannelStatus}): a node's counters as
 * Workerman's {@code status} and {@code connections} commands print them, every node's with
 * {@code --cluster}, refreshed in place every second with rates per second with {@code -d}
 * ({@link dev.switchboard.status.LiveFrame}, a pure function of two readings). Arguments are parsed
 * by picocli: {@code --help} prints the usage (exit 0), a bad argument the reason and the usage
 * (exit 2), a node that cannot be read one line (exit 1).
 */
package dev.switchboard.status;
