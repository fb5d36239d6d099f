package dev.switchboard.launcher;

import io.vertx.launcher.application.ExitCodes;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * Vert.x 5's application launcher ({@link VertxApplication}, artifact
 * {@code io.vertx:vertx-launcher-application}) with Switchboard's cluster defaults, for those who
 * run verticles with it rather than with {@code bin/vertx run} (the classic
 * {@code io.vertx.core.Launcher}):
 *
 * <pre>SWITCHBOARD_CLUSTER_NAME=... java -cp examples/target/switchboard-all.jar \
 *     dev.switchboard.launcher.SwitchboardApplication \
 *     dev.switchboard.channel.server.ChannelServerVerticle -cluster -cluster-host 127.0.0.1
 * SWITCHBOARD_MAIN=dev.switchboard.launcher.SwitchboardApplication \
 *     bin/vertx dev.switchboard.channel.server.ChannelServerVerticle -cluster</pre>
 *
 * <p>The arguments are {@link VertxApplication}'s: the verticle's class name first (there is no
 * {@code run} command), then {@code -cluster}, {@code -cluster-host}, {@code -cluster-port},
 * {@code -conf}, {@code -options}, {@code -deployment-options}, {@code -instances},
 * {@code -worker}; {@code -h} lists them. What this class adds:
 * <ul>
 *   <li>the cluster name from {@value #CLUSTER_NAME_VARIABLE}, as {@code bin/vertx} takes it: it
 *   becomes the system property {@value #CLUSTER_NAME_PROPERTY} that the shipped
 *   {@code cluster.xml} reads, unless that property is set already;</li>
 *   <li>a clustered start with neither that name nor a Hazelcast configuration of one's own
 *   ({@code -Dvertx.hazelcast.config}) is refused with the reason (exit code
 *   {@link ExitCodes#USAGE}), as is {@code -ha}, which only the classic launcher has;</li>
 *   <li>a {@code -conf} that is no file nor JSON object, a {@code -conf} file that holds no JSON
 *   object and a missing {@code -Dvertx.hazelcast.config} file are refused in one line (exit code
 *   {@link ExitCodes#USAGE}), as by {@link SwitchboardLauncher}; a failed deploy is said in one
 *   line ({@code Start failed: <verticle>: <reason>}) before VertxApplication's own report;</li>
 *   <li>Hazelcast logs through SLF4J and its phone-home is off, unless the system properties say
 *   otherwise;</li>
 *   <li>the stop that SIGTERM starts (undeploy, leave the cluster) is logged.</li>
 * </ul>
 * The JVM flags Hazelcast wants on Java 17 are the JVM's: {@code bin/vertx} passes them, a
 * {@code java} command line lists them itself (Hazelcast warns without them).
 *
 * <p>Threading: {@link #main} and {@link #launch} run on the calling thread, which they block
 * until the verticle is deployed; the hooks run on the launcher's threads.
 */
public class SwitchboardApplication extends VertxApplication implements VertxApplicationHooks {

  /** Environment variable with the deployment's cluster name, as for {@code bin/vertx}. */
  public static final String CLUSTER_NAME_VARIABLE = "SWITCHBOARD_CLUSTER_NAME";

  /** System property with the cluster name, read by the shipped {@code cluster.xml}. */
  public static final String CLUSTER_NAME_PROPERTY = "switchboard.cluster.name";

  /** System property naming a Hazelcast configuration file (vertx-hazelcast reads it). */
  public static final String HAZELCAST_CONFIG_PROPERTY = "vertx.hazelcast.config";

  /** The spellings of {@link VertxApplication}'s cluster flag (it ignores their case). */
  private static final Set<String> CLUSTER_FLAGS = Set.of("-c", "-cluster", "--cluster");

  /** The classic launcher's high-availability flags, which {@link VertxApplication} lacks. */
  private static final Set<String> HA_FLAGS =
      Set.of("-ha", "--ha", "-hagroup", "--hagroup", "-quorum", "--quorum");

  private static final Logger LOG = LoggerFactory.getLogger(SwitchboardApplication.class);

  private final List<String> args;

  /**
   * @param args the command line: the verticle's class name, then {@link VertxApplication}'s
   *     options
   */
  public SwitchboardApplication(String[] args) {
    super(args);
    this.args = List.of(args);
  }

  /**
   * Deploys the verticle the command line names, on a clustered Vert.x with {@code -cluster}, and
   * returns; the JVM stops with SIGTERM (undeploy, leave the cluster) or exits with an error code
   * when the start fails.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    int exitCode = new SwitchboardApplication(args).launch();
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /**
   * Applies Switchboard's defaults to the system properties, then launches as
   * {@link VertxApplication#launch()} does.
   *
   * @return 0 once the verticle is deployed, else the exit code ({@link ExitCodes})
   */
  @Override
  public int launch() {
    String refusal = prepare(args, System.getenv(CLUSTER_NAME_VARIABLE), System.getProperties());
    if (refusal == null) {
      refusal = StartChecks.refusal(args, System.getProperties());
    }
    if (refusal != null) {
      LOG.error(refusal);
      return ExitCodes.USAGE;
    }
    return super.launch();
  }

  /** Vert.x's own metrics, as {@code bin/vertx} has them ({@link LauncherMetrics}). */
  @Override
  public void beforeStartingVertx(HookContext context) {
    LauncherMetrics.configure(context.vertxOptions());
  }

  /** Says why in one line ({@code Start failed: <verticle>: <reason>}), as bin/vertx does. */
  @Override
  public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
    LOG.error("Start failed: {}: {}", context.mainVerticle(), StartFailure.reason(t));
  }

  /** Says why in one line ({@code Start failed: Vert.x did not start: <reason>}). */
  @Override
  public void afterFailureToStartVertx(HookContext context, Throwable t) {
    LOG.error("Start failed: Vert.x did not start: {}", StartFailure.reason(t));
  }

  @Override
  public void beforeStoppingVertx(HookContext context) {
    LOG.info("Stopping: undeploying {} and closing Vert.x", context.mainVerticle());
  }

  /**
   * Sets the defaults in {@code properties} and checks the command line against them.
   *
   * @param args                the command line
   * @param clusterNameVariable the value of {@value #CLUSTER_NAME_VARIABLE}, or null
   * @param properties          the system properties, changed in place
   * @return why the node must not start, or null when it may
   */
  static String prepare(List<String> args, String clusterNameVariable, Properties properties) {
    if (args.stream().map(arg -> arg.toLowerCase(Locale.ROOT)).anyMatch(HA_FLAGS::contains)) {
      return "high availability (-ha, -hagroup, -quorum) is the classic launcher's: run the node"
          + " with bin/vertx run <verticle> -ha";
    }
    if (clusterNameVariable != null && !clusterNameVariable.isBlank()) {
      properties.putIfAbsent(CLUSTER_NAME_PROPERTY, clusterNameVariable);
    }
    properties.putIfAbsent("hazelcast.logging.type", "slf4j");
    properties.putIfAbsent("hazelcast.phone.home.enabled", "false");
    boolean clustered = args.stream().map(arg -> arg.toLowerCase(Locale.ROOT))
        .anyMatch(CLUSTER_FLAGS::contains);
    if (clustered && properties.getProperty(CLUSTER_NAME_PROPERTY) == null
        && properties.getProperty(HAZELCAST_CONFIG_PROPERTY) == null) {
      return "a clustered node needs its deployment's cluster name: set "
          + CLUSTER_NAME_VARIABLE + " (generate one, e.g. $(openssl rand -hex 16), and give every"
          + " node of the deployment the same), or give your own cluster.xml with -D"
          + HAZELCAST_CONFIG_PROPERTY + "=<file>";
    }
    return null;
  }
}
