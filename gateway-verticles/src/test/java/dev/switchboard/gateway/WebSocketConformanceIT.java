package dev.switchboard.gateway;

import dev.switchboard.testkit.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.HexFormat;

import static dev.switchboard.gateway.RawWebSocket.BINARY;
import static dev.switchboard.gateway.RawWebSocket.CONTINUATION;
import static dev.switchboard.gateway.RawWebSocket.FIN;
import static dev.switchboard.gateway.RawWebSocket.PING;
import static dev.switchboard.gateway.RawWebSocket.PONG;
import static dev.switchboard.gateway.RawWebSocket.TEXT;
import static dev.switchboard.gateway.RawWebSocket.bytes;
import static dev.switchboard.gateway.RawWebSocket.closeFrame;
import static dev.switchboard.gateway.RawWebSocket.frame;
import static dev.switchboard.gateway.RawWebSocket.join;
import static dev.switchboard.gateway.RawWebSocket.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 conformance of the gateway's WebSocket side, in the categories of the well-known
 * conformance suites: framing, pings and pongs, fragmentation, UTF-8, the closing handshake and
 * limits. Every case sends exact bytes on a raw socket ({@link RawWebSocket}, masked with a random
 * key) and checks the close code the server sends, that it then closes the TCP connection, what
 * the application received, the counter and the log line; and that a client connected beside it
 * is undisturbed.
 */
class WebSocketConformanceIT {

  private static final int MAX = 1024;

  private GatewayHarness gateway;
  private Recorder recorder;
  private LogCapture log;
  private RawWebSocket bystander;

  @BeforeEach
  void start() throws Exception {
    log = new LogCapture("dev.switchboard.gateway");
    gateway = new GatewayHarness(o -> o.setMaxPackageSize(MAX));
    recorder = gateway.recorder;
    Clients.echo(gateway);
    bystander = RawWebSocket.connect(gateway.port());
    recorder.nextConnection();
  }

  @AfterEach
  void stop() throws Exception {
    bystander.send(frame(true, TEXT, utf8("still here")));
    assertThat(bystander.read().text()).isEqualTo("still here");
    bystander.close();
    recorder.closeCounts().values().forEach(count -> assertThat(count.get()).isEqualTo(1));
    gateway.close();
    log.close();
  }

  private RawWebSocket client() throws Exception {
    RawWebSocket client = RawWebSocket.connect(gateway.port());
    recorder.nextConnection();
    return client;
  }

  /** Sends the frames on a new client, then expects the server to fail it with this code. */
  private void assertFails(int code, byte[]... frames) throws Exception {
    try (RawWebSocket client = client()) {
      client.send(frames);
      assertFailed(client, code);
    }
  }

  private void assertFailed(RawWebSocket client, int code) throws Exception {
    assertFailed(gateway, log, client, code);
  }

  /**
   * Expects the server to fail the client with this code, then close the TCP connection; the
   * connection's reason, the counter (the first failure on this gateway) and the log line.
   */
  static void assertFailed(GatewayHarness gateway, LogCapture log, RawWebSocket client, int code)
      throws Exception {
    Recorder recorder = gateway.recorder;
    RawWebSocket.Closing closing = client.awaitClose();
    assertThat(closing.code()).as("close code").isEqualTo(code);
    CloseReason reason = switch (code) {
      case 1002 -> CloseReason.PROTOCOL_ERROR;
      case 1007 -> CloseReason.INVALID_PAYLOAD;
      case 1009 -> CloseReason.TOO_LARGE;
      default -> throw new IllegalArgumentException("no failure closes with " + code);
    };
    assertThat(closing.reason()).isEqualTo(reason.code());
    Connection connection = recorder.nextClosed();
    assertThat(Recorder.on(connection, connection::closeReason)).isEqualTo(reason);
    assertThat(gateway.counter(code == 1009 ? "tooLarge" : "protocolErrors")).isEqualTo(1);
    assertThat(log.lines()).anySatisfy(line -> assertThat(line)
        .contains("Gateway connection " + connection.id()).contains(reason.code()));
  }

  // ---- framing ---------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {0x40, 0x20, 0x10, 0x70})
  void reservedBitsWithoutAnExtensionAre1002(int rsv) throws Exception {
    assertFails(1002, frame(FIN | rsv | TEXT, utf8("rsv"), true));
    assertThat(recorder.drainMessages()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
  void reservedOpcodesAre1002(int opcode) throws Exception {
    assertFails(1002, frame(true, TEXT, utf8("before")), frame(true, opcode, utf8("x")));
    assertThat(recorder.drainMessages()).containsExactly("before");
  }

  @Test
  void anUnmaskedClientFrameIs1002() throws Exception {
    assertFails(1002, frame(FIN | TEXT, utf8("bare"), false));
    assertThat(recorder.drainMessages()).isEmpty();
  }

  @Test
  void aLengthNotInItsShortestFormIs1002() throws Exception {
    byte[] longForm = bytes(FIN | TEXT, 0x80 | 126, 0, 5, 0, 0, 0, 0, 'h', 'e', 'l', 'l', 'o');
    assertFails(1002, longForm);
  }

  // ---- pings and pongs -------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125})
  void aPingIsAnsweredWithAPongEchoingItsPayload(int size) throws Exception {
    byte[] payload = new byte[size];
    for (int i = 0; i < size; i++) {
      payload[i] = (byte) (0xff - i); // binary, not text
    }
    try (RawWebSocket client = client()) {
      Clients.ServerFrame pong = client.send(frame(true, PING, payload)).read();
      assertThat(pong.opcode()).isEqualTo(PONG);
      assertThat(pong.payload()).isEqualTo(payload);
    }
  }

  @Test
  void aPingOver125BytesIs1002() throws Exception {
    assertFails(1002, frame(true, PING, new byte[126]));
  }

  @Test
  void aFragmentedPingIs1002() throws Exception {
    assertFails(1002, frame(false, PING, utf8("half")), frame(true, CONTINUATION, utf8("ping")));
  }

  @Test
  void anUnsolicitedPongIsIgnored() throws Exception {
    try (RawWebSocket client = client()) {
      client.send(frame(true, PONG, utf8("unasked")), frame(true, TEXT, utf8("after")));
      assertThat(client.read().text()).isEqualTo("after");
    }
    assertThat(recorder.drainMessages()).containsExactly("after");
    assertThat(gateway.counter("protocolErrors")).isZero();
  }

  // ---- fragmentation ---------------------------------------------------------------------------

  @Test
  void controlFramesInsideAFragmentedMessageAreAnsweredAndTheMessageArrivesWhole()
      throws Exception {
    try (RawWebSocket client = client()) {
      client.send(frame(false, TEXT, utf8("frag")), frame(true, PING, utf8("p1")),
          frame(false, CONTINUATION, utf8("ment")), frame(true, PONG, utf8("unasked")),
          frame(true, PING, utf8("p2")), frame(true, CONTINUATION, utf8("ed")));
      assertThat(client.read().text()).isEqualTo("p1");
      assertThat(client.read().text()).isEqualTo("p2");
      assertThat(client.read().text()).isEqualTo("fragmented"); // echoed as a Buffer: binary
    }
    assertThat(recorder.drainMessages()).containsExactly("fragmented");
  }

  @Test
  void aContinuationWithoutAStartIs1002() throws Exception {
    assertFails(1002, frame(true, TEXT, utf8("whole")), frame(true, CONTINUATION, utf8("stray")));
    assertThat(recorder.drainMessages()).containsExactly("whole");
  }

  @ParameterizedTest
  @ValueSource(ints = {TEXT, BINARY})
  void aNewStartInsideAFragmentedMessageIs1002(int opcode) throws Exception {
    assertFails(1002, frame(false, TEXT, utf8("begun ")), frame(true, opcode, utf8("another")),
        frame(true, CONTINUATION, utf8("end")));
    assertThat(recorder.drainMessages()).isEmpty();
  }

  // ---- UTF-8 -----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {
      "c080", // overlong NUL
      "e08080", // overlong, 3 bytes
      "f0808080", // overlong, 4 bytes
      "eda080", // a UTF-16 surrogate (U+D800)
      "edbfbf", // a UTF-16 surrogate (U+DFFF)
      "f4908080", // above U+10FFFF
      "ff", // never in UTF-8
      "80", // a continuation byte without a start
      "e282", // a code point cut short at the message's end
  })
  void invalidUtf8InATextFrameIs1007(String hex) throws Exception {
    byte[] invalid = HexFormat.of().parseHex(hex);
    assertFails(1007, frame(true, TEXT, join(utf8("κόσμε "), invalid)));
    assertThat(recorder.drainMessages()).isEmpty();
  }

  @Test
  void invalidUtf8SplitAcrossFragmentsIs1007() throws Exception {
    // E2 82 starts a valid code point; 28 cannot continue it (after a valid message, so the
    // check is in place before the fragments come)
    assertFails(1007, frame(true, TEXT, utf8("valid")),
        frame(false, TEXT, join(utf8("ok "), bytes(0xe2, 0x82))),
        frame(true, CONTINUATION, bytes(0x28)));
    assertThat(recorder.drainMessages()).containsExactly("valid");
  }

  @Test
  void aFragmentedMessageEndingInsideACodePointIs1007() throws Exception {
    assertFails(1007, frame(false, TEXT, join(utf8("ok "), bytes(0xf0, 0x9f))),
        frame(true, CONTINUATION, new byte[0]));
  }

  @Test
  void anInvalidFirstFragmentFailsWithoutWaitingForTheRest() throws Exception {
    try (RawWebSocket client = client()) {
      client.send(frame(false, TEXT, join(utf8("bad "), bytes(0xc0, 0x80))));
      assertFailed(client, 1007); // the message's other fragments never come
    }
    assertThat(recorder.drainMessages()).isEmpty();
  }

  @Test
  void aCodePointSplitAcrossFragmentBoundariesIsAccepted() throws Exception {
    String text = "€ and 😀";
    byte[] all = utf8(text); // € is E2 82 AC, 😀 is F0 9F 98 80
    try (RawWebSocket client = client()) {
      client.send(frame(false, TEXT, Arrays.copyOfRange(all, 0, 1)),
          frame(false, CONTINUATION, Arrays.copyOfRange(all, 1, 2)),
          frame(false, CONTINUATION, Arrays.copyOfRange(all, 2, 9)),
          frame(true, CONTINUATION, Arrays.copyOfRange(all, 9, all.length)));
      assertThat(client.read().text()).isEqualTo(text);
    }
    assertThat(recorder.drainMessages()).containsExactly(text);
  }

  @Test
  void aBinaryMessageIsNotText() throws Exception {
    try (RawWebSocket client = client()) {
      client.send(frame(true, BINARY, bytes(0xc0, 0x80, 0xff)));
      Clients.ServerFrame echo = client.read();
      assertThat(echo.opcode()).isEqualTo(BINARY);
      assertThat(echo.payload()).isEqualTo(bytes(0xc0, 0x80, 0xff));
    }
  }

  // ---- the closing handshake -------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
  void aCloseCodeInvalidOnTheWireIs1002(int code) throws Exception {
    assertFails(1002, closeFrame(code, new byte[0]));
  }

  @Test
  void aClosePayloadOfOneByteIs1002() throws Exception {
    assertFails(1002, frame(true, RawWebSocket.CLOSE, bytes(0x03)));
  }

  @Test
  void aCloseReasonThatIsNotUtf8Is1007() throws Exception {
    assertFails(1007, closeFrame(1000, join(utf8("bye "), bytes(0xed, 0xa0, 0x80))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1000", "1000:bye", "1001", "1011:oops", "3000", "4999:κόσμε", "none"})
  void aValidCloseIsEchoedThenTheServerClosesAndNothingAfterItIsDelivered(String close)
      throws Exception {
    String[] parts = close.split(":", 2);
    byte[] closing = "none".equals(close) ? frame(true, RawWebSocket.CLOSE, new byte[0])
        : closeFrame(Integer.parseInt(parts[0]), utf8(parts.length > 1 ? parts[1] : ""));
    int expected = "none".equals(close) ? RawWebSocket.NO_STATUS : Integer.parseInt(parts[0]);
    try (RawWebSocket client = client()) {
      client.send(frame(true, TEXT, utf8("before")), closing, frame(true, TEXT, utf8("after")));
      RawWebSocket.Closing echoed = client.awaitClose();
      assertThat(echoed.code()).isEqualTo(expected);
      assertThat(echoed.before()).extracting(Clients.ServerFrame::text).containsExactly("before");
    }
    Connection connection = recorder.nextClosed();
    assertThat(Recorder.on(connection, connection::closeReason)).isEqualTo(CloseReason.PEER);
    assertThat(recorder.drainMessages()).containsExactly("before");
    assertThat(gateway.counter("protocolErrors")).isZero();
  }

  // ---- limits ----------------------------------------------------------------------------------

  @Test
  void aFrameOverMaxPackageSizeIs1009() throws Exception {
    assertFails(1009, frame(true, BINARY, new byte[MAX + 1]));
    assertThat(recorder.drainMessages()).isEmpty();
  }

  @Test
  void aMessageJoinedOverMaxPackageSizeIs1009() throws Exception {
    assertFails(1009, frame(false, TEXT, utf8("a".repeat(MAX / 2))),
        frame(false, CONTINUATION, utf8("b".repeat(MAX / 2))),
        frame(true, CONTINUATION, utf8("c")));
    assertThat(recorder.drainMessages()).isEmpty();
  }

  @Test
  void aMessageOfExactlyMaxPackageSizeIsDelivered() throws Exception {
    try (RawWebSocket client = client()) {
      client.send(frame(false, BINARY, new byte[MAX / 2]),
          frame(true, CONTINUATION, new byte[MAX / 2]));
      assertThat(client.read().payload()).hasSize(MAX);
    }
  }
}
