package dev.switchboard.gateway.impl.workerman;

import io.vertx.core.buffer.Buffer;

import java.util.Objects;

/**
 * One packet of GatewayWorker's inner protocol: the fields of its 28-byte header (after the
 * length, which {@link GatewayProtocol} computes), then {@code ext_data} and {@code body} as
 * bytes. Addresses are IPv4 addresses as unsigned 32-bit numbers ({@code ip2long}); the
 * connection id is unsigned 32-bit.
 *
 * <p>Immutable (its buffers are not copied: do not change them); safe to share between threads.
 *
 * @param cmd          the command ({@link GatewayCommand}), 0 to 255
 * @param localIp      the gateway's inner address ({@code local_ip}), 0 to 2^32-1
 * @param localPort    the gateway's inner port ({@code local_port}), 0 to 65535
 * @param clientIp     the client's address ({@code client_ip}), 0 to 2^32-1
 * @param clientPort   the client's port ({@code client_port}), 0 to 65535
 * @param connectionId the client's connection on the gateway ({@code connection_id}), 0 to
 *                     2^32-1
 * @param flag         {@link GatewayProtocol#FLAG_BODY_IS_SCALAR}, {@link
 *                     GatewayProtocol#FLAG_NOT_CALL_ENCODE}, 0 to 255
 * @param gatewayPort  the port the client connected to ({@code gateway_port}), 0 to 65535
 * @param extData      the ext_data bytes
 * @param body         the body bytes: the scalar itself when {@link #scalar()}, else PHP
 *                     {@code serialize()} of the value
 */
public record GatewayPacket(int cmd, long localIp, int localPort, long clientIp, int clientPort,
    long connectionId, int flag, int gatewayPort, Buffer extData, Buffer body) {

  /** Checks the ranges (the header's field widths). */
  public GatewayPacket {
    check("cmd", cmd, 0xff);
    check("local_ip", localIp, 0xffff_ffffL);
    check("local_port", localPort, 0xffff);
    check("client_ip", clientIp, 0xffff_ffffL);
    check("client_port", clientPort, 0xffff);
    check("connection_id", connectionId, 0xffff_ffffL);
    check("flag", flag, 0xff);
    check("gateway_port", gatewayPort, 0xffff);
    Objects.requireNonNull(extData, "extData");
    Objects.requireNonNull(body, "body");
  }

  private static void check(String field, long value, long max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(field + " must be 0 to " + max + ", got " + value);
    }
  }

  /**
   * @param cmd          the command
   * @param connectionId the connection it is about (0 when none)
   * @param extData      the ext_data
   * @param body         the body (flagged scalar)
   * @return a packet with the other fields 0
   */
  public static GatewayPacket of(int cmd, long connectionId, Buffer extData, Buffer body) {
    return new GatewayPacket(cmd, 0, 0, 0, 0, connectionId, GatewayProtocol.FLAG_BODY_IS_SCALAR,
        0, extData, body);
  }

  /** @return whether the body is a scalar's bytes (flag 0x01), not a serialized value */
  public boolean scalar() {
    return (flag & GatewayProtocol.FLAG_BODY_IS_SCALAR) != 0;
  }

  /** @return whether the sender asked for the body to be sent as it is (flag 0x02) */
  public boolean raw() {
    return (flag & GatewayProtocol.FLAG_NOT_CALL_ENCODE) != 0;
  }

  /** @return the ext_data as text (bytes that are not UTF-8 are replaced) */
  public String extText() {
    return extData.toString();
  }

  @Override
  public String toString() {
    return "GatewayPacket[cmd=" + cmd + ", connection_id=" + connectionId + ", flag=" + flag
        + ", ext_len=" + extData.length() + ", body_len=" + body.length() + "]";
  }
}
