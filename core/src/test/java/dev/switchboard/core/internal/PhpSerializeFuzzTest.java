package dev.switchboard.core.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of {@link PhpSerialize}, the reader of PHP clients' bytes on every
 * Workerman-compatible listener (docs/fuzzing.md). The input is the payload itself.
 *
 * <p>Asserted for every input: it is refused with a {@link PhpSerializeException} or read, and
 * nothing else is thrown; a value read is written back and read again to an equal value, and the
 * second writing equals the first (the codec is a fixed point after one round).
 */
class PhpSerializeFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void fuzz(byte[] input) {
    Object value;
    try {
      value = PhpSerialize.decode(Buffer.buffer(input), 8, 1_000);
    } catch (PhpSerializeException refused) {
      assertThat(refused.offset()).isBetween(0, input.length);
      return;
    }
    Buffer written = PhpSerialize.encode(value);
    Object again = PhpSerialize.decode(written, 8, 1_000);
    assertThat(again).as("read back from %s", written).isEqualTo(value);
    assertThat(PhpSerialize.encode(again)).isEqualTo(written);
  }
}
