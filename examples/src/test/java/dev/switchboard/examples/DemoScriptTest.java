package dev.switchboard.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/demo}'s build decision and build-failure report, without starting nodes: {@code
 * --check} on a jar older or newer than the sources, and a failing build (a stand-in for Maven
 * that fails as a compilation does) shown with its progress and its errors.
 */
class DemoScriptTest {

  @TempDir
  Path dir;

  @Test
  void aJarOlderThanTheSourcesIsRebuiltAMissingOneBuilt() throws Exception {
    Path jar = Files.writeString(dir.resolve("old.jar"), "");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
    Run stale = demo(Map.of("SWITCHBOARD_JAR", jar.toString()), "--check");
    assertThat(stale.exit).as(stale.output).isEqualTo(3);
    assertThat(stale.output).startsWith("demo: " + jar + " is older than ")
        .endsWith(": bin/demo rebuilds it\n");

    Run missing = demo(Map.of("SWITCHBOARD_JAR", dir.resolve("none.jar").toString()), "--check");
    assertThat(missing.exit).isEqualTo(3);
    assertThat(missing.output).contains("is missing: bin/demo builds it");
  }

  @Test
  void aJarNewerThanEverySourceIsUsedAsItIs() throws Exception {
    Path jar = Files.writeString(dir.resolve("new.jar"), "");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(3600)));
    Run fresh = demo(Map.of("SWITCHBOARD_JAR", jar.toString()), "--check");
    assertThat(fresh.exit).as(fresh.output).isZero();
    assertThat(fresh.output).isEqualTo("demo: " + jar + " is up to date\n");
  }

  @Test
  void aFailedBuildShowsItsProgressAndTheCompilersErrors() throws Exception {
    Path mvn = Files.writeString(dir.resolve("mvn"), String.join("\n", "#!/bin/sh",
        "echo '[INFO] Building Switchboard core 0.1.0-SNAPSHOT [1/7]'",
        "echo '[INFO] Compiling 40 source files'",
        "echo '[ERROR] /src/core/X.java:[3,5] cannot find symbol'",
        "echo '[ERROR] -> [Help 1]'", "exit 1", ""));
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwx------"));
    Run run = demo(Map.of("SWITCHBOARD_JAR", dir.resolve("none.jar").toString(),
        "MVN", mvn.toString()));
    assertThat(run.exit).as(run.output).isEqualTo(1);
    assertThat(run.output).contains("demo:   building Switchboard core 0.1.0-SNAPSHOT [1/7]",
        "demo: the build failed", "[ERROR] /src/core/X.java:[3,5] cannot find symbol")
        .doesNotContain("Compiling 40 source files", "[Help 1]", "logs in");
  }

  @Test
  void anUnknownArgumentGetsTheUsage() throws Exception {
    Path jar = Files.writeString(dir.resolve("new.jar"), "");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(3600)));
    Run run = demo(Map.of("SWITCHBOARD_JAR", jar.toString()), "--help-me");
    assertThat(run.exit).isEqualTo(2);
    assertThat(run.output).isEqualTo("usage: bin/demo [--check]\n");
  }

  private record Run(int exit, String output) {
  }

  private static Run demo(Map<String, String> env, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("user.dir")).getParent().resolve("bin/demo").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }
}
