package dev.switchboard.core.internal;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * A fuzz input read as a stream a peer sends and how it arrives: the first two bytes are a limit
 * (the parser's maximum, 4 to 4,099), the third the count (0 to 63) of the control bytes that
 * follow, and the rest the stream. Each control byte is the size of the next chunk (1 to 255), or
 * 0 for "the reader pauses (or resumes) here"; they are used in turn until the stream is all
 * delivered. Without control bytes the stream arrives as one chunk. The layout lets the fuzzer
 * mutate the split and the pauses as easily as the bytes, and keeps the seed files writable by
 * hand.
 */
final class StreamScript {

  /** One step: a chunk of the stream, or (null) a pause/resume toggle. */
  final List<Buffer> steps = new ArrayList<>();
  final int limit;
  final int streamLength;
  /** The reader was paused from its message handler and not resumed since. */
  private boolean pausedByHandler;

  private StreamScript(int limit, int streamLength) {
    this.limit = limit;
    this.streamLength = streamLength;
  }

  static StreamScript of(byte[] input) {
    int limit = 4 + (input.length < 2 ? 60 : (((input[0] & 0xff) << 8) | (input[1] & 0xff)) % 4096);
    int controls = input.length < 3 ? 0 : Math.min(input[2] & 0x3f, Math.max(0, input.length - 3));
    int start = Math.min(input.length, 3 + controls);
    byte[] control = Arrays.copyOfRange(input, Math.min(input.length, 3), start);
    byte[] stream = Arrays.copyOfRange(input, start, input.length);
    StreamScript script = new StreamScript(limit, stream.length);
    int pos = 0;
    int step = 0;
    while (pos < stream.length) {
      int size = control.length == 0 ? stream.length : control[step++ % control.length] & 0xff;
      if (size == 0) {
        script.steps.add(null);
        if (step >= control.length && allZero(control)) {
          size = stream.length; // only toggles: the stream still arrives, in one chunk
        } else {
          continue;
        }
      }
      int end = Math.min(stream.length, pos + size);
      script.steps.add(Buffer.buffer(Arrays.copyOfRange(stream, pos, end)));
      pos = end;
    }
    return script;
  }

  /** @return the whole stream, as the chunks give it */
  Buffer stream() {
    Buffer stream = Buffer.buffer(streamLength);
    steps.stream().filter(step -> step != null).forEach(stream::appendBuffer);
    return stream;
  }

  /**
   * For the reader's message handler: a message whose first byte is 0 pauses the reader, as an
   * application pausing from its handler does; one whose first byte is 1 pauses and resumes it
   * there.
   */
  void onMessage(Buffer message, Runnable pause, Runnable resume) {
    if (message.length() > 0 && message.getByte(0) == 0) {
      pausedByHandler = true;
      pause.run();
    } else if (message.length() > 0 && message.getByte(0) == 1) {
      pause.run();
      resume.run();
    }
  }

  /**
   * Plays the steps on a reader, then resumes it until it hands nothing more over (a message may
   * pause it again).
   *
   * @param feed       gives the reader a chunk
   * @param pause      pauses it
   * @param resume     resumes it
   * @param handedOver the count of messages it handed over so far
   * @param check      run after each step and at the end with the bytes fed so far and whether
   *                   the reader is paused (by the script or from its handler)
   */
  void play(Consumer<Buffer> feed, Runnable pause, Runnable resume, IntSupplier handedOver,
      BiConsumer<Integer, Boolean> check) {
    int fed = 0;
    boolean paused = false;
    for (Buffer step : steps) {
      if (step == null) {
        paused = !paused;
        if (paused) {
          pause.run();
        } else {
          pausedByHandler = false;
          resume.run();
        }
      } else {
        fed += step.length();
        feed.accept(step);
      }
      check.accept(fed, paused || pausedByHandler);
    }
    for (int guard = 0; guard <= streamLength; guard++) {
      int before = handedOver.getAsInt();
      pausedByHandler = false;
      resume.run();
      if (handedOver.getAsInt() == before) {
        break;
      }
    }
    check.accept(fed, pausedByHandler);
  }

  private static boolean allZero(byte[] control) {
    for (byte b : control) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
