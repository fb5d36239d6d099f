package dev.switchboard.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports for programs that cannot be told to take any free port and say which (nginx, Prometheus)
 * or for a socket a test must open after something else was configured with its address.
 *
 * <p>Stateless; safe from any thread.
 */
public final class FreePorts {

  private FreePorts() {
  }

  /**
   * @return a TCP port free on {@value LoopbackCluster#HOST} a moment ago; another program may
   *     take it before the caller binds it
   * @throws IOException when no socket can be opened
   */
  public static int loopback() throws IOException {
    InetAddress host = InetAddress.getByName(LoopbackCluster.HOST);
    try (ServerSocket socket = new ServerSocket(0, 1, host)) {
      return socket.getLocalPort();
    }
  }
}
