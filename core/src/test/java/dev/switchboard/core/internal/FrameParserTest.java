package dev.switchboard.core.internal;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameParserTest {

  private final List<String> frames = new ArrayList<>();
  private final List<FrameException> errors = new ArrayList<>();
  private final FrameParser parser = new FrameParser(64, p -> frames.add(p.toString()),
      errors::add);

  private static Buffer frame(String payload) {
    return Framing.frame(Buffer.buffer(payload));
  }

  @Test
  void splitsSeveralFramesInOneChunkIncludingPings() {
    parser.handle(frame("one").appendBuffer(Framing.ping()).appendBuffer(frame("two")));
    assertThat(frames).containsExactly("one", "", "two");
    assertThat(parser.pendingBytes()).isZero();
  }

  @Test
  void joinsAFrameSplitAcrossChunksByteByByte() {
    Buffer whole = frame("split").appendBuffer(frame("next"));
    for (int i = 0; i < whole.length(); i++) {
      parser.handle(whole.getBuffer(i, i + 1));
      if (i < 8) {
        assertThat(frames).isEmpty();
      }
    }
    assertThat(frames).containsExactly("split", "next");
    assertThat(parser.pendingBytes()).isZero();
  }

  @Test
  void keepsTheBytesOfAnIncompleteFrame() {
    parser.handle(frame("incomplete").getBuffer(0, 9));
    assertThat(frames).isEmpty();
    assertThat(parser.pendingBytes()).isEqualTo(9);
  }

  @Test
  void lengthBelowFourFailsOnceAndStopsTheStream() {
    parser.handle(frame("ok").appendBytes(new byte[] {0, 0, 0, 3}).appendBuffer(frame("lost")));
    parser.handle(frame("after"));
    assertThat(frames).containsExactly("ok");
    assertThat(errors).singleElement().extracting(FrameException::reason)
        .isEqualTo(FrameException.Reason.BAD_FRAME);
    assertThat(parser.failed()).isTrue();
  }

  @Test
  void lengthOverTheMaximumFailsBeforeTheBodyArrives() {
    parser.handle(Buffer.buffer().appendInt(65));
    assertThat(errors).singleElement().extracting(FrameException::reason)
        .isEqualTo(FrameException.Reason.FRAME_TOO_LARGE);
    parser.handle(frame("x"));
    assertThat(frames).isEmpty();
  }

  @Test
  void exactlyTheMaximumIsAccepted() {
    parser.handle(frame("y".repeat(60)));
    assertThat(frames).containsExactly("y".repeat(60));
  }

  @Test
  void aThrowingHandlerLeavesEarlierFramesConsumed() {
    List<String> seen = new ArrayList<>();
    FrameParser throwing = new FrameParser(64, p -> {
      seen.add(p.toString());
      if (p.toString().equals("boom")) {
        throw new IllegalStateException("handler bug");
      }
    }, errors::add);
    Buffer chunk = frame("a").appendBuffer(frame("boom")).appendBuffer(frame("b"));
    assertThatThrownBy(() -> throwing.handle(chunk)).isInstanceOf(IllegalStateException.class);
    throwing.handle(frame("c"));
    assertThat(seen).containsExactly("a", "boom", "b", "c");
  }

  @Test
  void aMaximumFrameInSmallChunksIsCopiedALinearNumberOfTimes() {
    int max = 4 * 1024 * 1024;
    int chunk = 1024;
    List<Integer> sizes = new ArrayList<>();
    FrameParser big = new FrameParser(max, p -> sizes.add(p.length()), errors::add);
    Buffer whole = Buffer.buffer(max).appendInt(max).appendBytes(new byte[max - Framing.HEADER]);
    for (int i = 0; i < max; i += chunk) {
      big.handle(whole.getBuffer(i, Math.min(max, i + chunk)));
    }
    assertThat(sizes).containsExactly(max - Framing.HEADER);
    assertThat(errors).isEmpty();
    // each byte is copied once into the held frame, plus at most the frame again by the
    // doublings of the buffer that holds it
    assertThat(big.copiedBytes()).isLessThanOrEqualTo(3L * max);
  }

  /** A parser whose frame handler pauses it after each frame, as a slow application does. */
  private FrameParser pausingAfterEachFrame(List<Integer> seen) {
    FrameParser[] holder = new FrameParser[1];
    holder[0] = new FrameParser(64, p -> {
      seen.add(p.length());
      holder[0].pause();
    }, errors::add);
    return holder[0];
  }

  private static Buffer pings(int count) {
    Buffer pings = Buffer.buffer();
    for (int i = 0; i < count; i++) {
      pings.appendBuffer(Framing.ping());
    }
    return pings;
  }

  @Test
  void resumingFramePerFrameDoesNotCopyTheHeldBytesAgain() {
    // found by FrameParserFuzzTest: each resume copied the held bytes anew, so a reader that
    // pauses after every frame (the input gate when each answer fills the send buffer) cost
    // the square of the bytes held
    int count = 2_000;
    List<Integer> seen = new ArrayList<>();
    FrameParser stepping = pausingAfterEachFrame(seen);
    Buffer pings = pings(count);
    stepping.handle(pings);
    for (int i = 1; i < count; i++) {
      stepping.resume();
    }
    assertThat(seen).hasSize(count);
    assertThat(stepping.pendingBytes()).isZero();
    assertThat(stepping.copiedBytes()).isLessThanOrEqualTo(3L * pings.length());
  }

  @Test
  void framesHeldWhilePausedArriveByteByByteInLinearWork() {
    // found by FrameParserFuzzTest: past the first held frame's length the buffer grew by
    // exactly the chunk, so a paused parser fed byte by byte copied everything held each time
    parser.pause();
    Buffer stream = Buffer.buffer();
    for (int i = 0; i < 500; i++) {
      stream.appendBuffer(frame("f" + i));
    }
    for (int i = 0; i < stream.length(); i++) {
      parser.handle(stream.getBuffer(i, i + 1));
    }
    assertThat(parser.pendingBytes()).isEqualTo(stream.length());
    parser.resume();
    assertThat(frames).hasSize(500);
    assertThat(parser.copiedBytes()).isLessThanOrEqualTo(3L * stream.length());
  }

  @Test
  void aReaderTakingOneFrameAtATimeWhileBytesArriveCopiesThemOnce() {
    // found by FrameParserFuzzTest: an application pausing after each message while the
    // stream goes on arriving (the gateway's TCP connections read on up to their receive
    // high-water mark) made each chunk copy everything held again
    int count = 2_000;
    List<Integer> seen = new ArrayList<>();
    FrameParser stepping = pausingAfterEachFrame(seen);
    Buffer pings = pings(count);
    stepping.handle(pings);
    Buffer more = Buffer.buffer();
    for (int i = 1; i < count; i++) {
      stepping.resume();
      Buffer ping = Framing.ping();
      more.appendBuffer(ping);
      stepping.handle(ping);
    }
    assertThat(seen).hasSize(count);
    assertThat(stepping.pendingBytes()).isEqualTo((count - 1) * Framing.HEADER);
    assertThat(stepping.copiedBytes()).isLessThanOrEqualTo(4L * (pings.length() + more.length()));
  }

  @Test
  void pauseAndResumeFromAFrameHandlerHandsEachHeldFrameOverOnce() {
    // an application may pause and resume from its handler (the gateway's pauseRecv and
    // resumeRecv); while the held frames were handed over, a resume from the handler parsed them
    // again from the start
    FrameParser[] holder = new FrameParser[1];
    holder[0] = new FrameParser(64, p -> {
      frames.add(p.toString());
      holder[0].pause();
      if (!p.toString().equals("a")) {
        holder[0].resume();
      }
    }, errors::add);
    FrameParser parser = holder[0];
    parser.handle(frame("a").appendBuffer(frame("b")).appendBuffer(frame("c")));
    assertThat(frames).containsExactly("a");
    parser.resume();
    assertThat(frames).containsExactly("a", "b", "c");
    assertThat(parser.pendingBytes()).isZero();
  }

  @Test
  void pauseAndResumeFromAFrameHandlerHandsAFrameCompletedByAChunkOverOnce() {
    // found with FrameParserFuzzTest's case of a pause and resume from the handler: a resume from
    // the handler of a frame completed by the chunk just appended parsed the held bytes again from
    // their start, so that frame and the ones after it were handed over twice
    FrameParser[] holder = new FrameParser[1];
    holder[0] = new FrameParser(64, p -> {
      frames.add(p.toString());
      holder[0].pause();
      holder[0].resume();
    }, errors::add);
    Buffer stream = frame("a").appendBuffer(frame("b"));
    holder[0].handle(stream.getBuffer(0, 3));
    holder[0].handle(stream.getBuffer(3, stream.length()));
    assertThat(frames).containsExactly("a", "b");
    assertThat(holder[0].pendingBytes()).isZero();
  }

  @Test
  void bytesAfterACompleteFrameAreKeptAcrossChunks() {
    Buffer stream = frame("first").appendBuffer(frame("second")).appendBuffer(frame("third"));
    for (int cut = 1; cut < stream.length(); cut++) {
      frames.clear();
      FrameParser parser = new FrameParser(64, p -> frames.add(p.toString()), errors::add);
      parser.handle(stream.getBuffer(0, cut));
      parser.handle(stream.getBuffer(cut, stream.length()));
      assertThat(frames).as("cut at %d", cut).containsExactly("first", "second", "third");
      assertThat(parser.pendingBytes()).isZero();
    }
  }

  @Test
  void pauseHoldsFramesUntilResumeAsATranscript() {
    List<String> transcript = new ArrayList<>();
    FrameParser[] holder = new FrameParser[1];
    FrameParser paused = new FrameParser(64, payload -> {
      transcript.add("frame " + payload);
      if (payload.toString().equals("b")) {
        holder[0].pause(); // the application pauses from its handler
        transcript.add("pause");
      }
    }, e -> transcript.add("error " + e.reason()));
    holder[0] = paused;
    Buffer stream = frame("a").appendBuffer(frame("b")).appendBuffer(frame("c"));
    paused.handle(stream.appendBuffer(frame("d").getBuffer(0, 3)));
    transcript.add("held " + paused.pendingBytes());
    paused.handle(frame("d").getBuffer(3, 5).appendBuffer(Framing.ping()));
    transcript.add("held " + paused.pendingBytes());
    transcript.add("resume");
    paused.resume();
    transcript.add("held " + paused.pendingBytes());
    paused.resume(); // not paused: nothing
    paused.handle(frame("e"));

    assertThat(transcript).containsExactly(
        "frame a", "frame b", "pause",
        "held 8",   // c and the first 3 bytes of d
        "held 14",  // c, d and a ping
        "resume",
        "frame c", "frame d", "frame ",
        "held 0",
        "frame e");
  }
}
