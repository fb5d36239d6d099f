package dev.switchboard.core.internal;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text protocol's line splitting: lines across chunks, {@code \r\n}, pause and resume, the
 * size limit, and work linear in the bytes received (a long line arriving in small chunks is
 * scanned and copied once, not once per chunk).
 */
class LineParserTest {

  private final List<String> lines = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();

  private LineParser parser(int max) {
    return new LineParser(max, line -> lines.add(line.toString(StandardCharsets.UTF_8)),
        errors::add);
  }

  private static Buffer bytes(String text) {
    return Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void linesSplitAcrossChunksAndSeveralInOneChunk() {
    LineParser parser = parser(100);
    parser.handle(bytes("one\ntw"));
    parser.handle(bytes("o"));
    parser.handle(bytes("\nthree\r"));
    parser.handle(bytes("\n\nfour\nfi"));
    assertThat(lines).containsExactly("one", "two", "three", "", "four");
    assertThat(parser.pendingBytes()).isEqualTo(2);
    parser.handle(bytes("ve\r\n"));
    assertThat(lines).endsWith("five");
    assertThat(parser.pendingBytes()).isZero();
    assertThat(errors).isEmpty();
  }

  @Test
  void pausedParserHoldsLinesUntilResume() {
    List<String> seen = new ArrayList<>();
    LineParser[] holder = new LineParser[1];
    LineParser parser = new LineParser(100, line -> {
      seen.add(line.toString());
      if (line.toString().equals("b")) {
        holder[0].pause(); // the application pauses from its handler
      }
    }, errors::add);
    holder[0] = parser;
    parser.handle(bytes("a\nb\nc\nd"));
    assertThat(seen).containsExactly("a", "b");
    parser.handle(bytes("\ne\n"));
    assertThat(seen).containsExactly("a", "b");
    assertThat(parser.pendingBytes()).isEqualTo("c\nd\ne\n".length());
    parser.resume();
    assertThat(seen).containsExactly("a", "b", "c", "d", "e");
    assertThat(parser.pendingBytes()).isZero();
  }

  @Test
  void lineAtTheMaxIsDeliveredAndOneByteMoreIsAnErrorReportedOnce() {
    LineParser parser = parser(4);
    parser.handle(bytes("abc\n"));
    assertThat(lines).containsExactly("abc");
    parser.handle(bytes("ab"));
    parser.handle(bytes("cd"));
    parser.handle(bytes("e\nmore\n"));
    assertThat(lines).containsExactly("abc");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).contains("longer than maxPackageSize 4");
    assertThat(parser.pendingBytes()).isZero();
  }

  @Test
  void tenMiBLineInOneKiBChunksIsCopiedOnceNotOncePerChunk() {
    int max = 10 * 1024 * 1024;
    int length = max - 1; // with its newline, exactly the max
    LineParser parser = new LineParser(max, line -> lines.add(line.length() + ":"
        + line.getByte(0) + ":" + line.getByte(line.length() - 1)), errors::add);
    byte[] chunk = new byte[1024];
    Arrays.fill(chunk, (byte) 'x');
    int sent = 0;
    while (sent < length) {
      int n = Math.min(chunk.length, length - sent);
      byte[] part = Arrays.copyOf(chunk, n);
      if (sent == 0) {
        part[0] = 'a';
      }
      parser.handle(Buffer.buffer(part));
      sent += n;
    }
    parser.handle(bytes("\n"));

    assertThat(errors).isEmpty();
    assertThat(lines).containsExactly(length + ":" + (int) 'a' + ":" + (int) 'x');
    // quadratic copying would be about length * chunks / 2, some 5e10 bytes
    assertThat(parser.copiedBytes()).isLessThanOrEqualTo(2L * length);
  }
}
