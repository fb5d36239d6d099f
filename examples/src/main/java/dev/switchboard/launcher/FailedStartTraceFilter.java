package dev.switchboard.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

import java.util.List;

/**
 * Keeps out of the log the error lines, with their stack traces, that Vert.x's launchers write
 * for a failed start which {@link SwitchboardLauncher} and {@link SwitchboardApplication} say in
 * one line ({@code Start failed: ...}) through their hooks: every error of the classic launcher's
 * deployer ({@code VertxIsolatedDeployer} logs only deploy failures), and VertxApplication's
 * failed deploy and failed Vert.x start. Every other line passes. The shipped {@code logback.xml}
 * sets it on its console appender.
 *
 * <p>Threading: stateless; Logback calls it from any thread.
 */
public class FailedStartTraceFilter extends Filter<ILoggingEvent> {

  /** The classic launcher's deployer, whose errors are all failed deploys. */
  static final String DEPLOYER = "io.vertx.core.impl.launcher.commands.VertxIsolatedDeployer";

  /** Vert.x 5's launcher. */
  static final String APPLICATION = "io.vertx.launcher.application.VertxApplication";

  /** Starts of VertxApplication's messages its hooks report in one line. */
  private static final List<String> APPLICATION_FAILURES = List.of("Failed in deploying",
      "Failed to deploy", "Failed to form cluster", "Failed to create the Vert.x instance");

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (!Level.ERROR.equals(event.getLevel())) {
      return FilterReply.NEUTRAL;
    }
    String logger = event.getLoggerName();
    String message = String.valueOf(event.getMessage());
    if (DEPLOYER.equals(logger) || APPLICATION.equals(logger)
        && APPLICATION_FAILURES.stream().anyMatch(message::startsWith)) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
