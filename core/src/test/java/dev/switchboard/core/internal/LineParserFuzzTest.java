package dev.switchboard.core.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of {@link LineParser}, the text protocol's reader of untrusted bytes
 * (docs/fuzzing.md). The input is a {@link StreamScript}: the maximum line size, how the stream
 * is split into chunks and where the reader pauses, and the stream. A line starting with byte 0
 * pauses the parser from its line handler; one starting with byte 1 pauses and resumes it there.
 *
 * <p>Asserted for every input: the lines handed over are exactly those a plain reading of the
 * whole stream finds (split at {@code \n}, a {@code \r} before it removed), in order; a line
 * reaching the maximum without its newline is the one error, with no line after it; nothing else
 * is thrown; the bytes of the lines handed over (newlines included) plus the bytes held always
 * equal the bytes fed; and while not paused the parser holds less than one line of the maximum.
 */
class LineParserFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void fuzz(byte[] input) {
    StreamScript script = StreamScript.of(input);
    int max = script.limit;
    Reading expected = Reading.of(script.stream(), max);

    List<Buffer> lines = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    LineParser[] self = new LineParser[1];
    LineParser parser = new LineParser(max, line -> {
      assertThat(errors).as("a line after the error").isEmpty();
      lines.add(line.copy());
      script.onMessage(line, () -> self[0].pause(), () -> self[0].resume());
    }, errors::add);
    self[0] = parser;
    script.play(parser::handle, parser::pause, parser::resume, lines::size,
        (fed, paused) -> check(parser, lines, errors, expected, fed, max, paused));

    assertThat(lines).as("lines").isEqualTo(expected.lines);
    assertThat(errors).hasSize(expected.failed ? 1 : 0);
    errors.forEach(error -> assertThat(error).contains("longer than maxPackageSize " + max));
  }

  private static void check(LineParser parser, List<Buffer> lines, List<String> errors,
      Reading expected, int fed, int max, boolean paused) {
    assertThat(lines.size()).isLessThanOrEqualTo(expected.lines.size());
    assertThat(lines).isEqualTo(expected.lines.subList(0, lines.size()));
    if (!errors.isEmpty()) {
      assertThat(parser.pendingBytes()).as("held after the error").isZero();
      return;
    }
    long handedOver = expected.rawLengths.subList(0, lines.size()).stream()
        .mapToLong(Integer::longValue).sum();
    assertThat(handedOver + parser.pendingBytes()).as("handed over + held = fed").isEqualTo(fed);
    if (!paused) {
      // a paused reader holds what arrives (its socket is paused too); otherwise only a line
      // without its newline, shorter than the maximum, may wait
      assertThat(parser.pendingBytes()).as("held while reading").isLessThan(max);
    }
    assertThat(parser.copiedBytes()).as("bytes copied").isLessThanOrEqualTo(fed);
  }

  /** The reference: the lines and the error of the whole stream read at once. */
  private record Reading(List<Buffer> lines, List<Integer> rawLengths, boolean failed) {

    static Reading of(Buffer stream, int max) {
      List<Buffer> lines = new ArrayList<>();
      List<Integer> raw = new ArrayList<>();
      int start = 0;
      for (int pos = 0; pos < stream.length(); pos++) {
        if (stream.getByte(pos) == '\n') {
          int end = pos > start && stream.getByte(pos - 1) == '\r' ? pos - 1 : pos;
          lines.add(stream.getBuffer(start, end));
          raw.add(pos + 1 - start);
          start = pos + 1;
        } else if (pos + 1 - start >= max) {
          return new Reading(lines, raw, true);
        }
      }
      return new Reading(lines, raw, false);
    }
  }
}
