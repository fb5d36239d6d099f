package dev.switchboard.gateway.impl.workerman;

import dev.switchboard.core.internal.FrameException;
import io.netty.buffer.ByteBufUtil;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayProtocolTest {

  /**
   * PHP's {@code pack("NCNnNnNCnN", 36, 5, ip2long("127.0.0.1"), 2900, ip2long("10.1.2.3"),
   * 40000, 4294967295, 1, 8282, 5) . "ext12abc"}.
   */
  private static final String PHP_PACKET =
      "00000024057f0000010b540a0102039c40ffffffff01205a000000056578743132616263";

  private static Buffer hex(String hex) {
    return Buffer.buffer(ByteBufUtil.decodeHexDump(hex));
  }

  @Test
  void decodesWhatPhpPacks() {
    GatewayPacket packet = GatewayProtocol.decode(hex(PHP_PACKET));
    assertThat(packet.cmd()).isEqualTo(GatewayCommand.SEND_TO_ONE);
    assertThat(packet.localIp()).isEqualTo(0x7f000001L);
    assertThat(packet.localPort()).isEqualTo(2900);
    assertThat(packet.clientIp()).isEqualTo(0x0a010203L);
    assertThat(packet.clientPort()).isEqualTo(40000);
    assertThat(packet.connectionId()).isEqualTo(4294967295L);
    assertThat(packet.scalar()).isTrue();
    assertThat(packet.raw()).isFalse();
    assertThat(packet.gatewayPort()).isEqualTo(8282);
    assertThat(packet.extText()).isEqualTo("ext12");
    assertThat(packet.body().toString()).isEqualTo("abc");
  }

  @Test
  void encodesAsPhpPacks() {
    GatewayPacket packet = new GatewayPacket(5, 0x7f000001L, 2900, 0x0a010203L, 40000,
        4294967295L, 1, 8282, Buffer.buffer("ext12"), Buffer.buffer("abc"));
    assertThat(ByteBufUtil.hexDump(GatewayProtocol.encode(packet).getBytes()))
        .isEqualTo(PHP_PACKET);
  }

  @Test
  void parserSplitsPacketsArrivingInAnyChunks() {
    Buffer stream = Buffer.buffer();
    for (int i = 0; i < 3; i++) {
      stream.appendBuffer(GatewayProtocol.encode(GatewayPacket.of(GatewayCommand.PING, i,
          Buffer.buffer("e" + i), Buffer.buffer("body" + i))));
    }
    List<GatewayPacket> packets = new ArrayList<>();
    List<FrameException> errors = new ArrayList<>();
    GatewayParser parser = GatewayProtocol.parser(1024, packets::add, errors::add);
    for (int i = 0; i < stream.length(); i += 7) {
      parser.handle(stream.slice(i, Math.min(stream.length(), i + 7)));
    }
    assertThat(errors).isEmpty();
    assertThat(packets).extracting(GatewayPacket::connectionId).containsExactly(0L, 1L, 2L);
    assertThat(packets).extracting(p -> p.body().toString())
        .containsExactly("body0", "body1", "body2");
  }

  @Test
  void packetOverTheMaximumFailsFromItsHeaderAlone() {
    List<GatewayPacket> packets = new ArrayList<>();
    List<FrameException> errors = new ArrayList<>();
    GatewayParser parser = GatewayProtocol.parser(64, packets::add, errors::add);
    // only the first 4 bytes of a packet announcing 2 GiB: refused before anything is held
    parser.handle(Buffer.buffer().appendUnsignedInt(0x8000_0000L));
    assertThat(packets).isEmpty();
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.reason()).isEqualTo(FrameException.Reason.FRAME_TOO_LARGE);
      assertThat(e.getMessage()).contains("2147483648").contains("64");
    });
    assertThat(parser.pendingBytes()).isZero();
  }

  @Test
  void packetShorterThanItsHeaderIsRefusedAndNothingAfterIt() {
    List<GatewayPacket> packets = new ArrayList<>();
    List<FrameException> errors = new ArrayList<>();
    GatewayParser parser = GatewayProtocol.parser(1024, packets::add, errors::add);
    Buffer shortOne = Buffer.buffer().appendUnsignedInt(10).appendBytes(new byte[6]);
    parser.handle(shortOne.appendBuffer(GatewayProtocol.encode(GatewayPacket.of(
        GatewayCommand.PING, 0, Buffer.buffer(), Buffer.buffer()))));
    assertThat(packets).isEmpty();
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.reason()).isEqualTo(FrameException.Reason.BAD_FRAME);
      assertThat(e.getMessage()).contains("shorter than the 28-byte header");
    });
  }

  @Test
  void whatArrivesAfterABadPacketIsDroppedNotHeld() {
    List<GatewayPacket> packets = new ArrayList<>();
    List<FrameException> errors = new ArrayList<>();
    GatewayParser parser = GatewayProtocol.parser(64, packets::add, errors::add);
    parser.handle(Buffer.buffer().appendUnsignedInt(10).appendBytes(new byte[6]));
    for (int i = 0; i < 100; i++) { // found by the fuzzer: these were held, unbounded
      parser.handle(Buffer.buffer(new byte[60]));
    }
    assertThat(errors).hasSize(1);
    assertThat(parser.failed()).isTrue();
    assertThat(parser.pendingBytes()).isZero();
    parser.resume();
    assertThat(packets).isEmpty();
  }

  @Test
  void extLenRunningPastThePacketIsRefused() {
    Buffer packet = GatewayProtocol.encode(GatewayPacket.of(GatewayCommand.JOIN_GROUP, 1,
        Buffer.buffer("g"), Buffer.buffer("xy")));
    packet.setUnsignedInt(24, 4); // ext_len 4, but only 3 bytes follow the header
    assertThatThrownBy(() -> GatewayProtocol.decode(packet))
        .isInstanceOf(FrameException.class).hasMessageContaining("ext_len 4 runs past");
    packet.setUnsignedInt(24, 3); // exactly what follows: all ext_data, empty body
    GatewayPacket read = GatewayProtocol.decode(packet);
    assertThat(read.extText()).isEqualTo("gxy");
    assertThat(read.body().length()).isZero();
  }

  @Test
  void packLenMustBeTheWholePacket() {
    Buffer packet = GatewayProtocol.encode(GatewayPacket.of(GatewayCommand.PING, 0,
        Buffer.buffer(), Buffer.buffer()));
    assertThatThrownBy(() -> GatewayProtocol.decode(packet.copy().appendByte((byte) 0)))
        .isInstanceOf(FrameException.class).hasMessageContaining("pack_len 28");
  }

  @Test
  void replyIsLengthThenData() {
    Buffer reply = GatewayProtocol.reply(Buffer.buffer("i:1;"));
    assertThat(reply.getUnsignedInt(0)).isEqualTo(4);
    assertThat(reply.getString(4, 8)).isEqualTo("i:1;");
  }

  @Test
  void fieldsOutOfTheirWidthAreRefused() {
    assertThatThrownBy(() -> new GatewayPacket(256, 0, 0, 0, 0, 0, 0, 0, Buffer.buffer(),
        Buffer.buffer())).hasMessage("cmd must be 0 to 255, got 256");
    assertThatThrownBy(() -> GatewayPacket.of(5, 1L << 32, Buffer.buffer(), Buffer.buffer()))
        .hasMessageContaining("connection_id");
    assertThatThrownBy(() -> GatewayProtocol.parser(27, p -> { }, e -> { }))
        .hasMessageContaining("at least 28");
  }
}
