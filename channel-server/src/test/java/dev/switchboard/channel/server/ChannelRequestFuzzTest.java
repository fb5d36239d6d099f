package dev.switchboard.channel.server;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.channel.ChannelException;
import dev.switchboard.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the channel requests as a real channel server decodes them
 * (docs/fuzzing.md): each input is the payload of one frame, sent on a raw socket to a server on
 * 127.0.0.1 and followed by a known request whose answer marks the end of the answers to it.
 *
 * <p>A socket, not an in-process call: the decoding ({@code Frames.decode}, the field checks of
 * {@code Requests}, the access checks, the dispatch of {@code ServerConnection}) runs inside the
 * connection, which takes a {@code NetSocket}; a loopback round trip is fast enough here (the
 * connection stays open from one input to the next). The first input byte picks the state: with
 * its low two bits zero, a fresh connection that has not authenticated (where the first bad request
 * ends it); otherwise the connection that did, kept across inputs.
 *
 * <p>Asserted for every input: each answer is a frame of the protocol (a pong, an {@code ack},
 * {@code status}, an {@code event} of a channel it subscribed, or an {@code error} whose code is
 * a documented reason other than {@code INTERNAL}, which would mean an unexpected exception); an
 * authenticated connection stays open unless it was answered {@code AUTH_FAILED} (an {@code
 * auth} again with a wrong token); one that had not authenticated gets an error and is closed,
 * unless the input was the right {@code auth}.
 */
class ChannelRequestFuzzTest {

  private static final String TOKEN = "fuzzing-channel-token-0123";
  private static final int MAX_PACKAGE_SIZE = 4096;
  private static final Set<String> CODES = Stream.of(ChannelException.Reason.values())
      .map(Enum::name).filter(code -> !code.equals("INTERNAL")).collect(Collectors.toSet());

  private static Vertx vertx;
  private static ChannelServer server;
  private static RawClient authenticated;
  private static long marker = 1_000_000_000L;

  @BeforeAll
  static void start() throws IOException {
    vertx = Vertx.vertx();
    server = Await.result(ChannelServer.create(vertx, new ChannelServerOptions().setPort(0)
        .setMaxPackageSize(MAX_PACKAGE_SIZE).setMaxChannels(8).setMaxChannelNameLength(32)
        .setToken(TOKEN).setAuthFailureLimit(Integer.MAX_VALUE)).listen());
    authenticated = login();
  }

  @AfterAll
  static void stop() throws IOException {
    if (authenticated != null) {
      authenticated.close();
    }
    Await.result(vertx.close());
  }

  private static RawClient login() throws IOException {
    RawClient client = new RawClient(server.actualPort());
    client.send(new JsonObject().put("type", "auth").put("id", 1).put("token", TOKEN));
    assertThat(client.read().getString("type")).isEqualTo("ack");
    return client;
  }

  @FuzzTest(maxDuration = "2m")
  void fuzz(byte[] input) throws IOException {
    // the test's own connections to the server under test; Jazzer's SSRF detector would report
    // them (any other destination still is)
    try (SilentCloseable allowed = BugDetectors.allowNetworkConnections(
        (host, port) -> port == server.actualPort()
            && (host.equals("127.0.0.1") || host.equals("localhost")))) {
      exchange(input);
    }
  }

  private void exchange(byte[] input) throws IOException {
    boolean fresh = input.length > 0 && (input[0] & 3) == 0;
    byte[] payload = Arrays.copyOfRange(input, Math.min(1, input.length),
        Math.min(input.length, MAX_PACKAGE_SIZE - 4));
    long end = ++marker;
    // the marker: an unsubscribe of a channel never subscribed, acknowledged with its id once
    // authenticated, refused with AUTH_REQUIRED (and a close) before
    JsonObject markerRequest = new JsonObject().put("type", "unsubscribe").put("id", end)
        .put("channels", new JsonArray().add("marker"));
    if (fresh) {
      try (RawClient client = new RawClient(server.actualPort())) {
        client.send(frame(payload)).send(markerRequest);
        Answers answers = answers(client, end);
        assertThat(answers.closed || answers.markerAcked)
            .as("a connection that had not authenticated is closed or authenticated").isTrue();
      }
    } else {
      authenticated.send(frame(payload)).send(markerRequest);
      Answers answers = answers(authenticated, end);
      if (answers.closed) {
        assertThat(answers.lastError).as("why the connection was closed").isEqualTo("AUTH_FAILED");
        authenticated.close();
        authenticated = login();
      } else {
        assertThat(answers.markerAcked).isTrue();
      }
    }
  }

  private static byte[] frame(byte[] payload) {
    return ByteBuffer.allocate(4 + payload.length).putInt(4 + payload.length).put(payload).array();
  }

  /** What a connection answered up to the marker's answer, or up to its close. */
  private static final class Answers {
    boolean closed;
    boolean markerAcked;
    String lastError;
  }

  private static Answers answers(RawClient client, long end) throws IOException {
    Answers answers = new Answers();
    while (true) {
      JsonObject frame;
      try {
        frame = client.read();
      } catch (EOFException | SocketException e) {
        answers.closed = true;
        return answers;
      }
      String type = frame.getString("type");
      assertThat(type).as("answer %s", frame).isIn("pong", "ack", "error", "status", "event");
      if (type.equals("error")) {
        assertThat(frame.getString("code")).as("error %s", frame).isIn(CODES);
        assertThat(frame.getString("message")).as("error %s", frame).isNotBlank();
        answers.lastError = frame.getString("code");
      }
      if (Long.valueOf(end).equals(frame.getLong("id"))) {
        answers.markerAcked = type.equals("ack");
        if (answers.markerAcked) {
          return answers;
        }
      }
    }
  }
}
