package dev.switchboard.core.internal;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

  private static boolean allZero(byte[] control) {
    for (byte b : control) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
