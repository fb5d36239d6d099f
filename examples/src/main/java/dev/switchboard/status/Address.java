package dev.switchboard.status;

import picocli.CommandLine;

/**
 * Where a status tool asks: {@code host:port}, or a bare port on 127.0.0.1.
 *
 * @param host the host
 * @param port the port, 1 to 65535
 */
record Address(String host, int port) {

  /** The host of a bare port. */
  static final String LOOPBACK = "127.0.0.1";

  /**
   * @param text {@code host:port} or {@code port}
   * @return the address
   * @throws IllegalArgumentException when it is neither
   */
  static Address parse(String text) {
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? LOOPBACK : text.substring(0, colon);
    String port = colon < 0 ? text : text.substring(colon + 1);
    if (host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65_535) {
      throw new IllegalArgumentException("'" + text + "' is not host:port nor a port (1-65535)");
    }
    return new Address(host, Integer.parseInt(port));
  }

  /** picocli's converter of an {@link Address} argument. */
  static final class Converter implements CommandLine.ITypeConverter<Address> {
    @Override
    public Address convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
