package dev.switchboard.launcher;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Launcher;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The launcher {@code bin/vertx} runs: Vert.x's classic launcher ({@link Launcher},
 * vertx-launcher-legacy-cli; the same commands and flags: {@code run <verticle> -cluster -conf
 * ... -instances N -ha}) made to fail fast and say why, where Vert.x's goes on or reports in a
 * stack trace:
 * <ul>
 *   <li>a {@code -conf} that is no readable file nor JSON object, a {@code -conf} file that holds
 *   no JSON object, and a {@code -Dvertx.hazelcast.config} file that does not exist stop the start
 *   with one line and exit code {@value #USAGE_EXIT_CODE}, before Vert.x starts (Vert.x's would
 *   deploy with an empty config, or join with the shipped {@code cluster.xml});</li>
 *   <li>a failed deploy (a bad option, a port in use, a missing class or PEM file) is logged in
 *   one line ({@code Start failed: <verticle>: <reason>}), Vert.x is closed, and the JVM exits
 *   with {@value #DEPLOY_FAILED_EXIT_CODE} (Vert.x's launcher's code for it) so that systemd and
 *   scripts notice, where Vert.x's launcher closes Vert.x and exits with 0.</li>
 * </ul>
 * The shipped {@code logback.xml} keeps Vert.x's own error line of a failed deploy (with its stack
 * trace) out of the log ({@link FailedStartTraceFilter}).
 *
 * <p>Threading: {@link #main} runs on the calling thread; the hooks run on the launcher's and
 * Vert.x's threads.
 */
public class SwitchboardLauncher extends Launcher {

  /** Exit code of a start refused before Vert.x starts (a usage error). */
  public static final int USAGE_EXIT_CODE = 2;

  /** Exit code of a failed deploy: Vert.x launcher's ({@code ExecUtils}) for it. */
  public static final int DEPLOY_FAILED_EXIT_CODE = 15;

  /** How long a failed start waits for Vert.x to close (leave the cluster) before exiting. */
  static final long CLOSE_TIMEOUT_SECONDS = 30;

  private static final Logger LOG = LoggerFactory.getLogger(SwitchboardLauncher.class);

  /**
   * Checks the command line and the system properties, then dispatches as {@link Launcher#main}.
   *
   * @param args the command line ({@code run <verticle> ...})
   */
  public static void main(String[] args) {
    String refusal = StartChecks.refusal(List.of(args), System.getProperties());
    if (refusal != null) {
      System.err.println("bin/vertx: " + refusal);
      System.exit(USAGE_EXIT_CODE);
    }
    new SwitchboardLauncher().dispatch(args);
  }

  /**
   * Turns Vert.x's own metrics on before Vert.x starts ({@link LauncherMetrics}: on unless
   * switched off). Runs on the launching thread.
   *
   * @param options the options from the command line, changed in place
   */
  @Override
  public void beforeStartingVertx(VertxOptions options) {
    super.beforeStartingVertx(options);
    LauncherMetrics.configure(options);
  }

  /**
   * Logs the failure in one line, closes Vert.x (bounded by {@link #CLOSE_TIMEOUT_SECONDS}) and
   * exits with {@link #DEPLOY_FAILED_EXIT_CODE}. Runs on a Vert.x thread: the exit is made on a
   * thread of its own, so that the JVM's shutdown hooks (which close Vert.x) do not wait on it.
   */
  @Override
  public void handleDeployFailed(Vertx vertx, String mainVerticle,
                                 DeploymentOptions deploymentOptions, Throwable cause) {
    LOG.error("Start failed: {}: {}", mainVerticle, StartFailure.reason(cause));
    Thread exit = new Thread(() -> {
      try {
        vertx.close().toCompletionStage().toCompletableFuture()
            .get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Vert.x not closed after the failed start: {}", e.toString());
      }
      System.exit(DEPLOY_FAILED_EXIT_CODE);
    }, "switchboard-failed-start");
    exit.start();
  }
}
