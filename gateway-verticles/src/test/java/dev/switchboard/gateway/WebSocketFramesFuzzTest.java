package dev.switchboard.gateway;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.gateway.Clients.ServerFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the WebSocket path after the handshake (docs/fuzzing.md): each input
 * is the bytes a client sends on an upgraded connection to a real gateway on 127.0.0.1 (Netty's
 * frame decoder, the gateway's UTF-8 check, joiner of fragments, inflater and frame handling),
 * with an echo application behind it. The first byte picks whether the handshake negotiates
 * {@code permessage-deflate} (odd) or not; the rest is sent as it is, then the client's side of
 * the connection is shut (a half-close), as a client that stops sending.
 *
 * <p>A socket per input, not Netty's {@code EmbeddedChannel}: the WebSocket pipeline is assembled
 * by {@code WebSocketHandshake} from a Vert.x HTTP connection and runs the connection on a Vert.x
 * context through the gateway's own host (registry, counters, callbacks); in an embedded channel
 * those would be stand-ins for the gateway written for the test, and a finding in them would say
 * nothing. A loopback handshake per input is slower (hundreds of inputs a second, not thousands)
 * but every byte goes through the real path.
 *
 * <p>Asserted for every input: the server sends only frames of the protocol (the echoed
 * messages, pongs, one close frame) and then ends the connection; a close frame carries no code
 * or a code valid on the wire (RFC 6455 7.4: its own, or the client's echoed); and the gateway
 * counts no unexpected exception (which would be a failure of its own, not the client's).
 */
class WebSocketFramesFuzzTest {

  private static final int MAX = 4096;

  private static GatewayHarness gateway;

  @BeforeAll
  static void start() {
    gateway = new GatewayHarness(o -> o.setMaxPackageSize(MAX).setPerMessageDeflate(true));
    Clients.echo(gateway);
  }

  @AfterAll
  static void stop() throws Exception {
    try (SilentCloseable allowed = BugDetectors.allowNetworkConnections()) {
      Clients.assertServing(gateway); // every protocol still served after all the inputs
    }
    gateway.close();
  }

  @FuzzTest(maxDuration = "2m")
  void fuzz(byte[] input) throws IOException {
    // the test's own connections to the server under test; Jazzer's SSRF detector would report
    // them (any other destination still is)
    try (SilentCloseable allowed = BugDetectors.allowNetworkConnections(
        (host, port) -> port == gateway.port()
            && (host.equals("127.0.0.1") || host.equals("localhost")))) {
      exchange(input);
    }
  }

  private void exchange(byte[] input) throws IOException {
    boolean deflate = input.length > 0 && (input[0] & 1) == 1;
    byte[] bytes = Arrays.copyOfRange(input, Math.min(1, input.length), input.length);
    long exceptions = gateway.counter("exceptions");
    List<ServerFrame> frames = new ArrayList<>();
    try (Socket socket = new Socket()) {
      String response = Clients.handshake(socket, gateway.port(),
          deflate ? "Sec-WebSocket-Extensions: permessage-deflate\r\n" : "");
      assertThat(response).startsWith("HTTP/1.1 101");
      try {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        socket.shutdownOutput();
      } catch (SocketException closedAlready) {
        // the server closed on an early frame while the rest was being sent: read what it said
      }
      InputStream in = socket.getInputStream();
      ServerFrame frame;
      try {
        while ((frame = Clients.readFrame(in)) != null) {
          frames.add(frame);
        }
      } catch (SocketException reset) {
        // the server reset the connection (it aborts after a failed frame): the frames read count
      }
    }
    boolean closeSeen = false;
    for (ServerFrame frame : frames) {
      assertThat(closeSeen).as("a frame after the close frame").isFalse();
      assertThat(frame.opcode()).as("server frame opcode").isIn(0x1, 0x2, 0x8, 0x9, 0xA);
      if (frame.opcode() == 0x8) {
        closeSeen = true;
        byte[] payload = frame.payload();
        assertThat(payload.length).as("close payload").isNotEqualTo(1);
        if (payload.length >= 2) {
          int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
          // the gateway's own closes use 1000, 1001, 1002, 1007, 1008, 1009 and 1013; any other
          // valid code (1011 too) is the client's, echoed (RFC 6455 5.5.1)
          assertThat(validOnTheWire(code)).as("close code %d", code).isTrue();
        }
      }
    }
    assertThat(gateway.counter("exceptions")).as("unexpected exceptions").isEqualTo(exceptions);
  }

  /** RFC 6455 7.4: the codes a close frame may carry. */
  private static boolean validOnTheWire(int code) {
    return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014
        || code >= 3000 && code <= 4999;
  }
}
