package dev.switchboard.examples;

import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat example in a real browser: Debian's headless Chromium, driven by playwright-core
 * ({@code src/test/browser/chat-test.mjs}), opens the chat page of node 1 and of node 2 (two
 * clustered nodes, each with a gateway and a business verticle), both join one room, and a
 * message typed on each page appears on the other. The screenshot goes to
 * {@code target/chat-browser.png}. Needs {@code /usr/bin/chromium} (or {@code CHROMIUM}) and Node;
 * {@code bin/test} installs them, this test installs the npm packages when missing.
 */
class ChatBrowserIT {

  private static final Path BROWSER = Path.of("src", "test", "browser");
  private static final Path SCREENSHOT = Path.of("target", "chat-browser.png");

  private ClusterNodes cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aMessageTypedOnNode1AppearsOnNode2AndBack() throws Exception {
    requireBrowser();

    cluster = ClusterNodes.start(2);
    int[] ports = new int[2];
    for (int i = 0; i < 2; i++) {
      ChatExample chat = new ChatExample();
      Await.result(cluster.vertx(i).deployVerticle(chat, new DeploymentOptions().setConfig(
          new JsonObject().put("port", 0).put("node", "node" + (i + 1))
              .put("businessInstances", 1))));
      ports[i] = chat.port();
    }

    Result run = run(List.of("node", "chat-test.mjs", "http://127.0.0.1:" + ports[0] + "/",
        "http://127.0.0.1:" + ports[1] + "/", SCREENSHOT.toAbsolutePath().toString()), 150);
    assertThat(run.exit).as("chat-test.mjs failed:\n" + run.output).isZero();
    String[] lines = run.output.strip().split("\n");
    JsonObject seen = new JsonObject(lines[lines.length - 1]);
    assertThat(seen.getBoolean("ok")).isTrue();
    assertThat(seen.encode()).contains("\"node1\"").contains("\"node2\"");
    assertThat(SCREENSHOT).exists();
    assertThat(Files.size(SCREENSHOT)).isPositive();
  }

  /** Asserts that Chromium is there, and installs the driver's npm packages when missing. */
  static void requireBrowser() throws Exception {
    String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    assertThat(Path.of(chromium)).as("Debian's chromium is needed (apt-get install chromium; "
        + "bin/test installs it)").exists();
    installPackages();
  }

  /** npm ci in the browser test's directory, unless its packages are there already. */
  private static void installPackages() throws Exception {
    if (Files.isDirectory(BROWSER.resolve("node_modules").resolve("playwright-core"))) {
      return;
    }
    Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
    assertThat(install.exit).as("npm ci in " + BROWSER + " failed:\n" + install.output).isZero();
  }

  record Result(int exit, String output) {
  }

  static Result run(List<String> command, long timeoutSeconds) throws Exception {
    Path log = Files.createTempFile("browser-test", ".log");
    try {
      Process process = new ProcessBuilder(command).directory(BROWSER.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IOException(command + " did not finish within " + timeoutSeconds + " s:\n"
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
