package dev.switchboard.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For the status tools' tests: one run of {@code bin/<tool>} as an operator runs it (a real
 * process on the packaged jar, no token in its environment unless given), its exit status and
 * its output (error output included).
 */
record ToolRun(int exit, String output) {

  /** Runs a tool and checks that it ended within 20 s (JVM start included), in one line. */
  static ToolRun timed(String tool, Map<String, String> env, String... args)
      throws Exception {
    long started = System.nanoTime();
    ToolRun run = run(tool, env, args);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as(run.output)
        .isLessThan(20_000);
    assertThat(run.output.strip().lines()).as("one line").hasSize(1);
    return run;
  }

  static ToolRun run(String tool, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(projectRoot().resolve("bin/" + tool)
        .toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove(ChannelStatus.TOKEN_VARIABLE);
    builder.environment().remove("SWITCHBOARD_JAR");
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new ToolRun(process.exitValue(), output);
  }

  static Path projectRoot() {
    return Path.of(System.getProperty("user.dir")).getParent();
  }
}
