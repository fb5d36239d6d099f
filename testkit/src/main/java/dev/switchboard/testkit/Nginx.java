package dev.switchboard.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real nginx (Debian's, which {@code bin/test} installs) run by a test from a configuration
 * in a directory of its own: every path nginx writes (pid, logs, temporary files) is in that
 * directory, nginx stays in the foreground as one process, and {@link #close()} stops it.
 *
 * <p>Threading: one test thread.
 */
public final class Nginx implements AutoCloseable {

  private final Path dir;
  private final Process process;

  private Nginx(Path dir, Process process) {
    this.dir = dir;
    this.process = process;
  }

  /**
   * @return nginx's binary: {@code $NGINX}, else where Debian and a source build put it; empty
   *     when there is none
   */
  public static Optional<String> binary() {
    for (String candidate : List.of(String.valueOf(System.getenv("NGINX")), "/usr/sbin/nginx",
        "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
      if (new File(candidate).canExecute()) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** @return why a test cannot run nginx here, and how to fix it */
  public static String missingReason() {
    return "no nginx binary (/usr/sbin/nginx, or $NGINX): install Debian's nginx"
        + " (apt-get install nginx; bin/test does)";
  }

  /**
   * Writes {@code dir/nginx.conf}: a foreground single process, its pid, logs and temporary
   * files in {@code dir}, then the given main-context directives (which must include an
   * {@code events} block) and an {@code http} block holding the given text.
   *
   * @param dir  the directory of this nginx
   * @param main main-context directives, {@code events} included
   * @param http the contents of the {@code http} block
   * @return the file written
   */
  public static Path writeConfiguration(Path dir, String main, String http) throws IOException {
    String d = dir.toAbsolutePath().toString();
    String conf = "daemon off;\nmaster_process off;\npid " + d + "/nginx.pid;\n"
        + "error_log " + d + "/error.log info;\n" + main
        + "http {\n  access_log " + d + "/access.log;\n"
        + "  client_body_temp_path " + d + "/body;\n  proxy_temp_path " + d + "/proxy;\n"
        + "  fastcgi_temp_path " + d + "/fastcgi;\n  uwsgi_temp_path " + d + "/uwsgi;\n"
        + "  scgi_temp_path " + d + "/scgi;\n" + http + "}\n";
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, conf);
    return file;
  }

  private static ProcessBuilder command(Path dir, Path conf, String... more) {
    List<String> command = new ArrayList<>(List.of(binary().orElseThrow(
        () -> new IllegalStateException(missingReason())), "-p", dir.toString(), "-c",
        conf.toString(), "-e", dir.resolve("error.log").toString()));
    command.addAll(List.of(more));
    return new ProcessBuilder(command).redirectErrorStream(true);
  }

  /**
   * Runs {@code nginx -t} on a configuration.
   *
   * @return its exit status and output, as {@code "<status>: <output>"}
   */
  public static String test(Path dir, Path conf) throws IOException, InterruptedException {
    Process test = command(dir, conf, "-t").start();
    String output = new String(test.getInputStream().readAllBytes());
    if (!test.waitFor(30, TimeUnit.SECONDS)) {
      test.destroyForcibly();
      throw new IllegalStateException("nginx -t did not end within 30 s: " + output);
    }
    return test.exitValue() + ": " + output;
  }

  /**
   * Starts nginx on a configuration; it may take a moment to listen.
   *
   * @throws IllegalStateException when there is no nginx binary, saying so
   */
  public static Nginx start(Path dir, Path conf) throws IOException {
    return new Nginx(dir, command(dir, conf).redirectOutput(dir.resolve("stdout.log").toFile())
        .start());
  }

  /** @return whether the process runs */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** @return what nginx wrote to its output and error log, for a failure's message */
  public String log() {
    try {
      return Files.readString(dir.resolve("stdout.log")) + Files.readString(
          dir.resolve("error.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Stops nginx (SIGTERM, then SIGKILL after 20 s) and waits for it. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
  }
}
