package dev.switchboard.status;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * The options both status tools share (a picocli mixin): {@code -d}, {@code --timeout} and the
 * hidden {@code --frames}; and how a tool runs: picocli's usage and exit statuses, a
 * {@link StatusException} as one line and exit status 1.
 */
final class ToolOptions {

  @Option(names = {"-d", "--live"},
      description = "refresh in place every second, with rates per second (Ctrl-C stops)")
  boolean live;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
      description = "the longest wait for an answer, 1 to 3600 (default 5)")
  int timeout;

  @Option(names = "--frames", paramLabel = "N", defaultValue = "0", hidden = true,
      description = "with -d: stop after N frames (0: until Ctrl-C)")
  long frames;

  /**
   * @param spec the command, for the usage
   * @return the bound of a wait
   * @throws CommandLine.ParameterException when {@code --timeout} is out of range
   */
  Duration timeout(CommandLine.Model.CommandSpec spec) {
    if (timeout < 1 || timeout > 3_600) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--timeout must be 1 to 3600 seconds");
    }
    return Duration.ofSeconds(timeout);
  }

  /**
   * Runs a tool.
   *
   * @param tool its command object
   * @param name its name, the prefix of its one-line failures
   * @return the exit status: 0 done or help, 1 a {@link StatusException}, 2 bad usage
   */
  static int execute(Object tool, String name, String[] args, PrintStream out, PrintStream err) {
    CommandLine command = new CommandLine(tool);
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    command.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof StatusException) {
        err.println(name + ": " + e.getMessage());
        return 1;
      }
      throw e;
    });
    return command.execute(args);
  }
}
