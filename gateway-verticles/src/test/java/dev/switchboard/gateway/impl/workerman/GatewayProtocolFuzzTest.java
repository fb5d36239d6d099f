package dev.switchboard.gateway.impl.workerman;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.core.internal.FrameException;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of {@link GatewayProtocol}, the reader of GatewayWorker's inner
 * protocol (docs/fuzzing.md). The first input byte is the chunk size (1 to 256) in which the rest,
 * a stream of packets, is fed to a parser of maximum package size 512.
 *
 * <p>Asserted for every input: the parser hands over packets, then at most one
 * {@link FrameException} and nothing after it; each packet handed over is one a plain reading of
 * the stream finds in the same place, encodes back to exactly its bytes, and its ext_data and
 * body fit in its length; the parser never holds more than one packet of the maximum.
 */
class GatewayProtocolFuzzTest {

  private static final int MAX = 512;

  @FuzzTest(maxDuration = "2m")
  void fuzz(byte[] input) {
    int chunk = input.length == 0 ? 1 : (input[0] & 0xff) + 1;
    Buffer stream = Buffer.buffer(input).slice(Math.min(1, input.length), input.length);
    List<GatewayPacket> packets = new ArrayList<>();
    List<FrameException> errors = new ArrayList<>();
    GatewayParser parser = GatewayProtocol.parser(MAX, packet -> {
      assertThat(errors).as("a packet after the error").isEmpty();
      packets.add(packet);
    }, errors::add);
    for (int i = 0; i < stream.length(); i += chunk) {
      parser.handle(stream.slice(i, Math.min(stream.length(), i + chunk)));
      assertThat(parser.pendingBytes()).isLessThanOrEqualTo(MAX);
    }
    assertThat(errors.size()).isLessThanOrEqualTo(1);
    int pos = 0;
    for (GatewayPacket packet : packets) {
      Buffer bytes = GatewayProtocol.encode(packet);
      assertThat(bytes.length()).isBetween(GatewayProtocol.HEADER, MAX);
      assertThat(bytes.getBytes()).isEqualTo(stream.getBytes(pos, pos + bytes.length()));
      assertThat(GatewayProtocol.decode(bytes)).isEqualTo(packet);
      pos += bytes.length();
    }
    int left = stream.length() - pos;
    if (errors.isEmpty()) {
      // what is left is the start of one packet, not complete yet
      assertThat(left < 4 || stream.getUnsignedInt(pos) > left).as("bytes left: %s", left)
          .isTrue();
    } else {
      assertThat(errors.get(0).getMessage()).isNotBlank();
    }
  }
}
