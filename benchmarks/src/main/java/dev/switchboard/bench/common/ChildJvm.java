package dev.switchboard.bench.common;

import dev.switchboard.testkit.NodeProcess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of a clustered child JVM of a benchmark: the same {@code java}, the given heap
 * flags, the flags the script hands down ({@link NodeProcess#JVM_FLAGS_PROPERTY}: Hazelcast's
 * Java 17 flags, the ForkJoinPool parallelism, {@code --jvm-flag}s), the logging set-up of the
 * benchmark JVM, and this JVM's class path.
 *
 * <p>Stateless; safe from any thread.
 */
public final class ChildJvm {

  private ChildJvm() {
  }

  /**
   * @param heapFlags heap and collector flags, e.g. {@code -Xmx1g -XX:+UseSerialGC}
   * @param main      the main class
   * @param args      its arguments
   * @return the command
   */
  public static List<String> command(List<String> heapFlags, Class<?> main, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(heapFlags);
    String flags = System.getProperty(NodeProcess.JVM_FLAGS_PROPERTY, "");
    if (!flags.isBlank()) {
      command.addAll(Arrays.asList(flags.trim().split("\\s+")));
    }
    command.addAll(List.of("-Djava.net.preferIPv4Stack=true",
        "-Dhazelcast.logging.type=slf4j", "-Dhazelcast.phone.home.enabled=false",
        "-Dvertx.logger-delegate-factory-class-name="
            + "io.vertx.core.logging.SLF4JLogDelegateFactory",
        "-Dlogback.configurationFile=logback-bench.xml",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    return command;
  }
}
