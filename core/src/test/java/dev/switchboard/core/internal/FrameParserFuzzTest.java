package dev.switchboard.core.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of {@link FrameParser}, the frame protocol's reader of untrusted bytes
 * (docs/fuzzing.md). The input is a {@link StreamScript}: a maximum package size, how the stream
 * is split into chunks and where the reader pauses, and the stream. A frame whose payload starts
 * with byte 0 pauses the parser from its frame handler, as the channel server's input gate does;
 * one starting with byte 1 pauses and resumes it there.
 *
 * <p>Asserted for every input: the frames handed over are exactly those a plain reading of the
 * whole stream finds, in order, and the one error (if any) has the reason it finds ({@code
 * BAD_FRAME} for a length below 4, {@code FRAME_TOO_LARGE} over the maximum), with no frame after
 * it; nothing else is thrown; the bytes handed over plus the bytes held always equal the bytes fed;
 * and while not paused the parser holds less than one frame of the maximum size.
 */
class FrameParserFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void fuzz(byte[] input) {
    StreamScript script = StreamScript.of(input);
    int max = script.limit;
    List<Buffer> frames = new ArrayList<>();
    List<FrameException> errors = new ArrayList<>();
    FrameParser[] self = new FrameParser[1];
    FrameParser parser = new FrameParser(max, payload -> {
      assertThat(errors).as("a frame after the error").isEmpty();
      frames.add(payload.copy());
      script.onMessage(payload, () -> self[0].pause(), () -> self[0].resume());
    }, errors::add);
    self[0] = parser;
    script.play(parser::handle, parser::pause, parser::resume, frames::size,
        (fed, paused) -> checkAccounting(parser, frames, errors, fed, max, paused));
    Buffer fed = script.stream();

    Reading expected = Reading.of(fed, max);
    assertThat(frames).as("frames").isEqualTo(expected.frames);
    assertThat(errors).hasSizeLessThanOrEqualTo(1);
    assertThat(errors.isEmpty() ? null : errors.get(0).reason()).isEqualTo(expected.error);
    assertThat(parser.failed()).isEqualTo(expected.error != null);
    if (expected.error == null) {
      assertThat(parser.pendingBytes()).isEqualTo(fed.length() - expected.consumed);
    }
  }

  private static void checkAccounting(FrameParser parser, List<Buffer> frames,
      List<FrameException> errors, int fed, int max, boolean paused) {
    if (!errors.isEmpty()) {
      assertThat(parser.failed()).isTrue();
      assertThat(parser.pendingBytes()).as("held after the error").isZero();
      return;
    }
    long handedOver = 0;
    for (Buffer frame : frames) {
      handedOver += Framing.HEADER + frame.length();
    }
    assertThat(handedOver + parser.pendingBytes()).as("handed over + held = fed").isEqualTo(fed);
    if (!paused) {
      // a paused reader holds what arrives (its socket is paused too); otherwise only the start
      // of one frame, shorter than its length, which is at most the maximum
      assertThat(parser.pendingBytes()).as("held while reading").isLessThan(max);
    }
    // linear work: each byte is copied a bounded number of times (once on arrival, the
    // doublings of the buffer holding it, a move after a pause) however the stream is split
    assertThat(parser.copiedBytes()).as("bytes copied").isLessThanOrEqualTo(4L * fed);
  }

  /** The reference: the frames and the error of the whole stream read at once. */
  private record Reading(List<Buffer> frames, FrameException.Reason error, int consumed) {

    static Reading of(Buffer stream, int max) {
      List<Buffer> frames = new ArrayList<>();
      int pos = 0;
      while (stream.length() - pos >= Framing.HEADER) {
        long length = stream.getUnsignedInt(pos);
        if (length < Framing.HEADER) {
          return new Reading(frames, FrameException.Reason.BAD_FRAME, pos);
        }
        if (length > max) {
          return new Reading(frames, FrameException.Reason.FRAME_TOO_LARGE, pos);
        }
        if (stream.length() - pos < length) {
          break;
        }
        frames.add(stream.getBuffer(pos + Framing.HEADER, pos + (int) length));
        pos += (int) length;
      }
      return new Reading(frames, null, pos);
    }
  }
}
