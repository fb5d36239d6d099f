package dev.switchboard.gateway;

import com.sun.management.ThreadMXBean;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.LogCapture;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.zip.Deflater;

import static dev.switchboard.gateway.RawWebSocket.BINARY;
import static dev.switchboard.gateway.RawWebSocket.CONTINUATION;
import static dev.switchboard.gateway.RawWebSocket.FIN;
import static dev.switchboard.gateway.RawWebSocket.PING;
import static dev.switchboard.gateway.RawWebSocket.TEXT;
import static dev.switchboard.gateway.RawWebSocket.bytes;
import static dev.switchboard.gateway.RawWebSocket.frame;
import static dev.switchboard.gateway.RawWebSocket.join;
import static dev.switchboard.gateway.RawWebSocket.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code permessage-deflate} extension (RFC 7692) with {@code perMessageDeflate} on: the offer
 * is accepted, compressed messages (whole or fragmented, with the compression context kept across
 * messages) arrive inflated, the server's messages go uncompressed, and what a compressed frame
 * may inflate to is bounded by {@code maxPackageSize}: a zip bomb gets 1009 after the server has
 * inflated no more than that. Each failure leaves a client beside it undisturbed.
 */
class PerMessageDeflateIT {

  private static final int MAX = 64 * 1024;
  private static final int RSV1 = 0x40;
  private static final String OFFER =
      "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";

  private GatewayHarness gateway;
  private LogCapture log;
  private RawWebSocket bystander;

  @BeforeEach
  void start() throws Exception {
    log = new LogCapture("dev.switchboard.gateway");
    gateway = new GatewayHarness(o -> o.setMaxPackageSize(MAX).setPerMessageDeflate(true));
    Clients.echo(gateway);
    bystander = RawWebSocket.connect(gateway.port(), OFFER);
    gateway.recorder.nextConnection();
  }

  @AfterEach
  void stop() throws Exception {
    bystander.send(compressed(FIN | TEXT, new Deflater(6, true), utf8("still here")));
    assertThat(bystander.read().text()).isEqualTo("still here");
    bystander.close();
    gateway.recorder.closeCounts().values().forEach(c -> assertThat(c.get()).isEqualTo(1));
    gateway.close();
    log.close();
  }

  /** Deflates as a client does (RFC 7692 7.2.1): sync flush, the final 00 00 FF FF removed. */
  private static byte[] deflate(Deflater deflater, byte[] data) {
    byte[] all = deflatePart(deflater, data);
    return Arrays.copyOf(all, all.length - 4);
  }

  /** Deflates a part of a message that goes on (its flush marker kept). */
  private static byte[] deflatePart(Deflater deflater, byte[] data) {
    deflater.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    do {
      n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
      out.write(chunk, 0, n);
    } while (n == chunk.length);
    return out.toByteArray();
  }

  /** One masked frame of a message compressed whole, RSV1 set. */
  private static byte[] compressed(int head, Deflater deflater, byte[] data) {
    return frame(head | RSV1, deflate(deflater, data), true);
  }

  private RawWebSocket client() throws Exception {
    RawWebSocket client = RawWebSocket.connect(gateway.port(), OFFER);
    gateway.recorder.nextConnection();
    return client;
  }

  private void assertFails(int code, byte[]... frames) throws Exception {
    try (RawWebSocket client = client()) {
      client.send(frames);
      WebSocketConformanceIT.assertFailed(gateway, log, client, code);
    }
    assertThat(gateway.recorder.drainMessages()).isEmpty();
  }

  @Test
  void compressedMessagesArriveInflatedAndTheAnswersGoUncompressed() throws Exception {
    Deflater deflater = new Deflater(6, true); // one context for the connection's messages
    try (RawWebSocket client = client()) {
      assertThat(client.response()).containsIgnoringCase(
          "sec-websocket-extensions: permessage-deflate");
      String first = "hello hello hello hello";
      String second = "hello hello hello again"; // refers back to the first message
      client.send(compressed(FIN | TEXT, deflater, utf8(first)),
          compressed(FIN | BINARY, deflater, utf8(second)));
      assertThat(client.read().text()).isEqualTo(first); // the echo is plain text
      assertThat(client.read().text()).isEqualTo(second);
      // a fragmented message: RSV1 on its first frame only
      byte[] third = deflate(deflater, utf8("κόσμε ".repeat(100)));
      int cut = third.length / 3;
      client.send(frame(TEXT | RSV1, Arrays.copyOfRange(third, 0, cut), true),
          frame(false, CONTINUATION, Arrays.copyOfRange(third, cut, 2 * cut)),
          frame(true, CONTINUATION, Arrays.copyOfRange(third, 2 * cut, third.length)));
      assertThat(client.read().text()).isEqualTo("κόσμε ".repeat(100));
      // an empty one (a single 00 byte, RFC 7692 7.2.3.6), and one not compressed at all
      client.send(frame(FIN | TEXT | RSV1, bytes(0x00), true), frame(true, TEXT, utf8("plain")));
      assertThat(client.read().payload()).isEmpty();
      assertThat(client.read().text()).isEqualTo("plain");
    }
    assertThat(gateway.recorder.drainMessages()).containsExactly("hello hello hello hello",
        "hello hello hello again", "κόσμε ".repeat(100), "", "plain");
  }

  @Test
  void vertxClientCompressingItsMessagesIsUnderstood() throws Exception {
    WebSocketClient wsClient = gateway.clientVertx.createWebSocketClient(
        new WebSocketClientOptions().setTryUsePerMessageCompression(true));
    ClientWebSocket ws = wsClient.webSocket();
    Promise<Buffer> echoed = Promise.promise();
    ws.handler(echoed::tryComplete);
    Await.result(ws.connect(gateway.port(), "127.0.0.1", "/"));
    assertThat(ws.headers().get("sec-websocket-extensions")).startsWith("permessage-deflate");
    ws.writeTextMessage("compressed by Vert.x ".repeat(50));
    assertThat(Await.result(echoed.future()).toString())
        .isEqualTo("compressed by Vert.x ".repeat(50));
    Await.result(ws.close());
    Await.result(wsClient.close());
  }

  @Test
  void aZipBombIsClosedWith1009AfterInflatingNoMoreThanMaxPackageSize() throws Exception {
    byte[] bomb = deflate(new Deflater(9, true), new byte[48 * 1024 * 1024]); // 48 MiB of zeros
    assertThat(bomb.length).as("compressed, under the frame limit").isLessThan(MAX);
    try (RawWebSocket client = RawWebSocket.connect(gateway.port(), OFFER)) {
      Connection connection = gateway.recorder.nextConnection();
      Thread eventLoop = Recorder.on(connection, Thread::currentThread);
      ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
      long allocated = threads.getThreadAllocatedBytes(eventLoop.getId());
      client.send(frame(FIN | BINARY | RSV1, bomb, true));
      WebSocketConformanceIT.assertFailed(gateway, log, client, 1009);
      long inflating = threads.getThreadAllocatedBytes(eventLoop.getId()) - allocated;
      // MAX inflated, the compressed frame, a pooled allocator's chunk (4 MiB) or two: not 48 MiB
      assertThat(inflating).as("bytes the event loop allocated meanwhile")
          .isLessThan(16L * 1024 * 1024);
    }
    assertThat(gateway.recorder.drainMessages()).isEmpty();
  }

  @Test
  void aFragmentedMessageInflatingOverMaxPackageSizeIs1009() throws Exception {
    Deflater deflater = new Deflater(6, true); // each frame inflates to no more than MAX
    assertFails(1009, frame(BINARY | RSV1, deflatePart(deflater, new byte[MAX / 2]), true),
        frame(false, CONTINUATION, deflatePart(deflater, new byte[MAX / 2])),
        frame(true, CONTINUATION, deflate(deflater, new byte[1])));
  }

  @Test
  void dataThatIsNotDeflateIs1007() throws Exception {
    assertFails(1007, frame(FIN | TEXT | RSV1, bytes(0xff, 0xff, 0xff, 0xff), true));
  }

  @Test
  void compressedTextThatIsNotUtf8Is1007() throws Exception {
    assertFails(1007, compressed(FIN | TEXT, new Deflater(6, true),
        join(utf8("bad "), bytes(0xed, 0xa0, 0x80))));
  }

  @Test
  void reservedBitsBeyondRsv1OnAMessagesFirstFrameAre1002() throws Exception {
    assertFails(1002, frame(FIN | TEXT | 0x20, utf8("rsv2"), true));
  }

  @Test
  void rsv1OnAControlFrameIs1002() throws Exception {
    assertFails(1002, frame(FIN | PING | RSV1, utf8("ping"), true));
  }

  @Test
  void rsv1OnAContinuationFrameIs1002() throws Exception {
    assertFails(1002, frame(false, TEXT, utf8("plain ")),
        frame(FIN | CONTINUATION | RSV1, utf8("end"), true));
  }

  @Test
  void aClientThatOfferedNothingMayNotCompress() throws Exception {
    try (RawWebSocket client = RawWebSocket.connect(gateway.port())) {
      gateway.recorder.nextConnection();
      client.send(compressed(FIN | TEXT, new Deflater(6, true), utf8("unasked")));
      WebSocketConformanceIT.assertFailed(gateway, log, client, 1002);
    }
    assertThat(gateway.recorder.drainMessages()).isEmpty();
  }

  @Test
  void anOfferWithUnknownParametersIsDeclinedAndTheConnectionGoesOnUncompressed()
      throws Exception {
    try (RawWebSocket client = RawWebSocket.connect(gateway.port(),
        "Sec-WebSocket-Extensions: permessage-deflate; no_such_thing=1, x-other\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits\r\n")) {
      gateway.recorder.nextConnection();
      assertThat(client.response()).doesNotContainIgnoringCase("sec-websocket-extensions");
      assertThat(client.send(frame(true, TEXT, utf8("plain"))).read().text()).isEqualTo("plain");
    }
  }
}
