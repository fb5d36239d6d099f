package dev.switchboard.core.internal;

import dev.switchboard.testkit.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The send buffer over a real TCP connection on 127.0.0.1 whose reader is paused (a blocking
 * socket that does not read, with a small receive buffer, so that the OS holds little): offers are
 * queued until the pending bytes reach the maximum, then refused (never more than the maximum
 * plus one message held), answers are written anyway, and once the reader resumes the drain
 * handler runs with the pending bytes at or below half the maximum, every accepted byte arrives
 * in order, and offers are queued again. The events are kept as a transcript.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendBufferTest {

  private static final int MAX = 64 * 1024;
  private static final int MESSAGE = 8 * 1024;

  private Vertx vertx;
  private Context context;
  private NetServer server;
  private Socket reader;
  private NetSocket writer;
  private final Buffer received = Buffer.buffer();
  private final List<String> transcript = new CopyOnWriteArrayList<>();
  private Thread readLoop;

  @BeforeEach
  void connect() throws IOException {
    vertx = Vertx.vertx();
    Promise<NetSocket> accepted = Promise.promise();
    server = vertx.createNetServer(new NetServerOptions().setSendBufferSize(8 * 1024))
        .connectHandler(socket -> {
          context = Vertx.currentContext();
          accepted.complete(socket);
        });
    int port = Await.result(server.listen(0, "127.0.0.1")).actualPort();
    reader = new Socket();
    reader.setReceiveBufferSize(8 * 1024);
    reader.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    writer = Await.result(accepted.future());
  }

  @AfterEach
  void close() throws Exception {
    reader.close();
    if (readLoop != null) {
      readLoop.join(10_000);
    }
    Await.result(vertx.close());
  }

  /** Resumes the reader: reads everything from now on, on a thread of its own. */
  private void resumeReader() {
    readLoop = new Thread(() -> {
      byte[] chunk = new byte[16 * 1024];
      try {
        InputStream in = reader.getInputStream();
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
          synchronized (received) {
            received.appendBytes(chunk, 0, n);
          }
        }
      } catch (IOException closed) {
        // the test is over
      }
    }, "send-buffer-test-reader");
    readLoop.start();
  }

  /** Runs an action on the writer's context (where the send buffer lives). */
  private <T> Future<T> on(Supplier<Future<T>> action) {
    return Contexts.onContext(context, action);
  }

  /** A message: its sequence number, then filler up to {@code size} bytes. */
  private static Buffer message(int seq, int size) {
    return Buffer.buffer(size).appendInt(seq).appendBytes(new byte[size - 4]);
  }

  private int receivedBytes() {
    synchronized (received) {
      return received.length();
    }
  }

  @Test
  void fillsToItsMaximumRefusesThenDrainsOnceTheReaderResumes() {
    SendBuffer buffer = Await.result(on(() -> Future.succeededFuture(
        new SendBuffer(writer, context, MAX))));
    List<Integer> sizes = new ArrayList<>();

    // each offer in a turn of its own, as events arriving one by one: queued until full
    int seq = 0;
    long atDrop;
    while (true) {
      int next = seq;
      // the pending bytes when refused, read in the same turn; -1 when queued
      atDrop = Await.result(on(() -> Future.succeededFuture(
          buffer.offer(message(next, MESSAGE)) == SendBuffer.Result.DROPPED
              ? buffer.pendingBytes() : -1L)));
      if (atDrop >= 0) {
        break;
      }
      sizes.add(MESSAGE);
      seq++;
      assertThat(seq).as("messages queued before the buffer filled").isLessThan(10_000);
    }
    transcript.add("offer: QUEUED until full");
    assertThat(atDrop).as("pending bytes when refused").isBetween((long) MAX,
        (long) MAX + MESSAGE - 1);
    transcript.add("offer: DROPPED");

    int drop = seq;
    Await.result(on(() -> {
      assertThat(buffer.full()).isTrue();
      transcript.add("offer: " + buffer.offer(message(drop, MESSAGE))); // still full
      buffer.write(message(drop, 100)); // an answer: written whatever the pending bytes
      transcript.add("write");
      buffer.drainHandler(() -> {
        String drain = buffer.pendingBytes() <= MAX / 2 ? "drain" : "drain above half: "
            + buffer.pendingBytes();
        if (transcript.isEmpty() || !transcript.get(transcript.size() - 1).equals(drain)) {
          transcript.add(drain);
        }
      });
      return Future.succeededFuture();
    }));
    sizes.add(100);
    long total = sizes.stream().mapToLong(Integer::longValue).sum();
    assertThat(receivedBytes()).as("bytes read while paused").isZero();

    transcript.add("reader resumed");
    resumeReader();
    Await.condition(vertx, 5, () -> Future.succeededFuture(receivedBytes() == total));
    Await.result(on(() -> {
      assertThat(buffer.pendingBytes()).isZero();
      assertThat(buffer.full()).isFalse();
      buffer.drainHandler(null);
      transcript.add("offer: " + buffer.offer(message(drop + 1, MESSAGE)));
      return Future.succeededFuture();
    }));
    sizes.add(MESSAGE);
    Await.condition(vertx, 5, () -> Future.succeededFuture(
        receivedBytes() == total + MESSAGE));

    assertThat(transcript).containsExactly(
        "offer: QUEUED until full",
        "offer: DROPPED",
        "offer: DROPPED",
        "write",
        "reader resumed",
        "drain",
        "offer: QUEUED");
    // every accepted byte, in order: the queued messages, the answer, the last message
    Buffer stream;
    synchronized (received) {
      stream = received.copy();
    }
    int pos = 0;
    for (int i = 0; i < sizes.size(); i++) {
      assertThat(stream.getInt(pos)).as("sequence number of message %d", i).isEqualTo(i);
      pos += sizes.get(i);
    }
    assertThat(pos).isEqualTo(stream.length());
  }

  @Test
  void offersOfOneTurnGoOutTogetherAtItsEnd() {
    SendBuffer buffer = Await.result(on(() -> Future.succeededFuture(
        new SendBuffer(writer, context, MAX))));
    resumeReader();
    Await.result(on(() -> {
      for (int i = 0; i < 3; i++) {
        transcript.add("offer: " + buffer.offer(message(i, 100)));
      }
      transcript.add("pending " + buffer.pendingBytes() + ", read " + receivedBytes());
      return Future.succeededFuture();
    }));
    Await.condition(vertx, 5, () -> Future.succeededFuture(receivedBytes() == 300));
    Await.result(on(() -> {
      transcript.add("pending " + buffer.pendingBytes());
      return Future.succeededFuture();
    }));

    assertThat(transcript).containsExactly("offer: QUEUED", "offer: QUEUED", "offer: QUEUED",
        "pending 300, read 0", "pending 0");
  }

  @Test
  void aSharedMessageAloneInItsTurnOrBatchedWithOthersArrivesWholeAndInOrder() {
    SendBuffer buffer = Await.result(on(() -> Future.succeededFuture(
        new SendBuffer(writer, context, MAX))));
    resumeReader();
    Buffer shared = message(7, 100); // one buffer, as an event frame shared by subscribers
    List<Integer> expected = List.of(7, 7, 1, 7, 2, 7);
    // turns: the shared message alone (written as it is), alone again, then a turn where it
    // follows and precedes others (copied into the turn's batch), then alone once more
    Await.result(on(() -> {
      buffer.offer(shared);
      return Future.succeededFuture();
    }));
    Await.result(on(() -> {
      buffer.offer(shared);
      return Future.succeededFuture();
    }));
    Await.result(on(() -> {
      buffer.offer(message(1, 100));
      buffer.offer(shared);
      buffer.offer(message(2, 100));
      return Future.succeededFuture();
    }));
    Await.result(on(() -> {
      buffer.write(shared);
      return Future.succeededFuture();
    }));
    Await.condition(vertx, 5, () -> Future.succeededFuture(
        receivedBytes() == 100 * expected.size()));
    Buffer stream;
    synchronized (received) {
      stream = received.copy();
    }
    for (int i = 0; i < expected.size(); i++) {
      assertThat(stream.getInt(i * 100)).as("message %d", i).isEqualTo(expected.get(i));
      assertThat(stream.getBuffer(i * 100 + 4, i * 100 + 100)).isEqualTo(shared.getBuffer(4, 100));
    }
    assertThat(shared.length()).as("the shared message unchanged").isEqualTo(100);
    assertThat(shared.getInt(0)).isEqualTo(7);
    Await.result(on(() -> {
      assertThat(buffer.pendingBytes()).isZero();
      return Future.succeededFuture();
    }));
  }
}
