package dev.switchboard.bench.gateway;

import dev.switchboard.gateway.Gateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The standard input of a {@link GroupSendNode}, its control channel from the benchmark JVM, one
 * command a line:
 *
 * <ul>
 *   <li>{@code await-members N MS}: asks {@link Gateway#getClientCountByGroup} every
 *       {@value #POLL_MILLIS} ms until the group has at least N members or MS ms passed, then
 *       answers one JSON line {@code {"event":"members","members":n,"reached":true|false}}
 *       (members -1 when no count came).</li>
 * </ul>
 *
 * <p>When standard input ends (the benchmark JVM is gone), the node exits.
 *
 * <p>Threading: a daemon thread reads the commands; the polling runs on Vert.x timers.
 */
final class GroupSendControl {

  private static final Logger LOG = LoggerFactory.getLogger(GroupSendControl.class);

  static final long POLL_MILLIS = 100;

  private final Vertx vertx;
  private final Gateway gateway;
  private final String group;

  private GroupSendControl(Vertx vertx, Gateway gateway, String group) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.group = group;
  }

  /**
   * Starts reading the commands.
   *
   * @param vertx   the node
   * @param gateway its cluster-wide gateway API
   * @param group   the group asked about
   */
  static void start(Vertx vertx, Gateway gateway, String group) {
    GroupSendControl control = new GroupSendControl(vertx, gateway, group);
    Thread reader = new Thread(control::read, "group-send-control");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        handle(line.trim().split("\\s+"));
      }
    } catch (IOException e) {
      LOG.warn("Standard input failed: {}", e.toString());
    }
    LOG.info("Standard input ended: exiting");
    System.exit(0);
  }

  private void handle(String[] words) {
    if (words.length == 3 && "await-members".equals(words[0])) {
      try {
        int expected = Integer.parseInt(words[1]);
        long deadline = System.nanoTime() + Long.parseLong(words[2]) * 1_000_000;
        poll(expected, deadline);
        return;
      } catch (NumberFormatException e) {
        LOG.warn("Bad command: {}", String.join(" ", words));
        return;
      }
    }
    if (!words[0].isEmpty()) {
      LOG.warn("Unknown command: {}", String.join(" ", words));
    }
  }

  private void poll(int expected, long deadline) {
    gateway.getClientCountByGroup(group).onComplete(count -> answerOrRetry(count, expected,
        deadline), e -> {
          LOG.info("Counting the group's members failed: {}", e.toString());
          answerOrRetry(-1, expected, deadline);
        });
  }

  private void answerOrRetry(int count, int expected, long deadline) {
    if (count >= expected || System.nanoTime() - deadline >= 0) {
      String answer = new JsonObject().put("event", "members").put("members", count)
          .put("reached", count >= expected).encode();
      synchronized (System.out) {
        System.out.println(answer);
        System.out.flush();
      }
      return;
    }
    vertx.setTimer(POLL_MILLIS, id -> poll(expected, deadline));
  }
}
