package dev.switchboard.bench.common;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The command lines of every benchmark main, through picocli: an options object whose
 * {@code @Option} setters check each value (with {@link Args}) in command-line order, so that an
 * option that sets several others ({@code --quick}) is overridden by those given after it.
 *
 * <p>Stateless; safe from any thread.
 */
public final class CommandLines {

  /** Columns of the usage text. */
  private static final int USAGE_WIDTH = 100;

  private CommandLines() {
  }

  /**
   * Parses a command line into an options object.
   *
   * @param options an object annotated with picocli's {@code @Command} and {@code @Option}
   * @param args    the command line
   * @return true when the usage was asked for ({@code --help}, {@code -h})
   * @throws IllegalArgumentException on an unknown option, a missing value or a value out of
   *     range, its message naming the option
   */
  public static boolean parse(Object options, String... args) {
    CommandLine line = commandLine(options);
    try {
      line.parseArgs(args);
    } catch (ParameterException e) {
      // a check in an option's setter: its own message names the option
      Throwable cause = e.getCause();
      throw new IllegalArgumentException(cause instanceof IllegalArgumentException
          ? cause.getMessage() : e.getMessage(), e);
    }
    return line.isUsageHelpRequested();
  }

  /**
   * Parses a command line as a {@code main} does: on a bad command line prints the problem and
   * the usage on standard error and exits with 2; on {@code --help} prints the usage on standard
   * output and exits with 0.
   *
   * @param options an object annotated with picocli's {@code @Command} and {@code @Option}
   * @param args    the command line
   */
  public static void parseOrExit(Object options, String... args) {
    boolean help;
    try {
      help = parse(options, args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(usage(options));
      System.exit(2);
      return;
    }
    if (help) {
      System.out.println(usage(options));
      System.exit(0);
    }
  }

  /**
   * @param options an object annotated with picocli's {@code @Command} and {@code @Option}
   * @return the usage text: the synopsis, then every option with its meaning and default
   */
  public static String usage(Object options) {
    StringWriter out = new StringWriter();
    commandLine(options).usage(new PrintWriter(out, true));
    return out.toString().stripTrailing();
  }

  private static CommandLine commandLine(Object options) {
    CommandLine line = new CommandLine(options);
    // an argument starting with @ is a value, not a file of arguments
    line.setExpandAtFiles(false);
    // as the scripts expect: an option given again overrides (the scripts put --results and
    // --node-dir before the user's arguments)
    line.setOverwrittenOptionsAllowed(true);
    line.setUsageHelpWidth(USAGE_WIDTH);
    return line;
  }
}
