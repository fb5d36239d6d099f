package dev.switchboard.examples;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser test's driver process ({@code node <script>.mjs ...} in {@code src/test/browser}),
 * which prints one JSON line per step on stdout ({@code {"step": ...}}) and its diagnostics on
 * stderr: the test waits for each step in turn, with a bound, and is shown the driver's stderr
 * when a step does not come or is not the one expected.
 *
 * <p>Not thread-safe: driven by the test thread (a daemon thread reads the driver's output).
 */
public final class BrowserDriver implements AutoCloseable {

  /** The longest wait for one step, and for the driver to exit. */
  public static final long STEP_SECONDS = 60;

  private static final Path DIRECTORY = Path.of("src", "test", "browser");
  private static final Path CHROMIUM = Path.of(
      System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  private final Process process;
  private final Path log;
  private final BlockingQueue<JsonObject> steps = new LinkedBlockingQueue<>();

  private BrowserDriver(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Skips the calling test, with the reason, when there is no Chromium; otherwise makes sure the
   * driver's npm packages are installed ({@link ChatBrowserIT#requireBrowser}).
   */
  public static void assumeBrowser() throws Exception {
    Assumptions.assumeTrue(Files.exists(CHROMIUM), "no Chromium at " + CHROMIUM
        + " (apt-get install chromium, or set CHROMIUM)");
    ChatBrowserIT.requireBrowser();
  }

  /** Starts {@code command} in {@code src/test/browser}. */
  public static BrowserDriver start(List<String> command) throws IOException {
    Path log = Files.createTempFile("browser-driver", ".log");
    Process process = new ProcessBuilder(command).directory(DIRECTORY.toFile())
        .redirectError(log.toFile()).start();
    BrowserDriver driver = new BrowserDriver(process, log);
    driver.readSteps();
    return driver;
  }

  /**
   * Waits ({@link #STEP_SECONDS} at most) for the driver's next step, which must be the one named.
   *
   * @return the step's JSON line
   */
  public JsonObject next(String step) throws Exception {
    JsonObject line = steps.poll(STEP_SECONDS, TimeUnit.SECONDS);
    String stderr = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(line).as("the driver's step " + step + "; its stderr:\n" + stderr).isNotNull();
    assertThat(line.getString("step")).as(line.encode() + "\n" + stderr).isEqualTo(step);
    return line;
  }

  /** Asserts that the driver exits with status 0 within {@link #STEP_SECONDS}. */
  public void assertExitsZero() throws Exception {
    assertThat(process.waitFor(STEP_SECONDS, TimeUnit.SECONDS)).as("the driver's exit").isTrue();
    assertThat(process.exitValue()).as(Files.readString(log, StandardCharsets.UTF_8)).isZero();
  }

  /** Kills the driver (and so its browser) if it still runs, and deletes its stderr log. */
  @Override
  public void close() throws Exception {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    Files.deleteIfExists(log);
  }

  /** The driver's JSON lines, as they come. */
  private void readSteps() {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("{")) {
            steps.add(new JsonObject(line));
          }
        }
      } catch (IOException e) {
        steps.add(new JsonObject().put("step", "done").put("ok", false)
            .put("error", "driver output: " + e));
      }
    }, "browser-driver-output");
    reader.setDaemon(true);
    reader.start();
  }
}
