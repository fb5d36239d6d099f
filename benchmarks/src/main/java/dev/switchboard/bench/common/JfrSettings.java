package dev.switchboard.bench.common;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flight-recorder settings of the profiled runs (GlobalData and channel): the JDK's
 * {@code profile} settings with {@code jdk.ThreadCPULoad} every second instead of every 10 s, so
 * that a 5 s window gets CPU per thread.
 *
 * <p>Stateless; safe from any thread.
 */
public final class JfrSettings {

  private static final Logger LOG = LoggerFactory.getLogger(JfrSettings.class);

  /** Period of jdk.ThreadCPULoad in every recording. */
  public static final Duration THREAD_CPU_PERIOD = Duration.ofSeconds(1);

  /** The period setting of jdk.ThreadCPULoad in a .jfc file. */
  private static final Pattern THREAD_CPU_PERIOD_SETTING = Pattern.compile(
      "(?<head><event name=\"jdk\\.ThreadCPULoad\">\\s*<setting name=\"enabled\">true</setting>"
          + "\\s*<setting name=\"period\">)[^<]*(?<tail></setting>)");

  private JfrSettings() {
  }

  /**
   * Writes the {@code profile} settings with a 1 s {@code jdk.ThreadCPULoad} period to a .jfc
   * file for the child's {@code -XX:StartFlightRecording} (which on Java 17 takes no per-event
   * overrides).
   *
   * @return the .jfc path, or "profile" when the settings could not be adjusted
   */
  public static String childSettings(Configuration profile, Path jfc) throws IOException {
    Matcher period = THREAD_CPU_PERIOD_SETTING.matcher(profile.getContents());
    if (!period.find()) {
      LOG.warn("Could not shorten jdk.ThreadCPULoad's period for the child; it keeps 10 s");
      return "profile";
    }
    Files.writeString(jfc, period.replaceFirst("${head}" + THREAD_CPU_PERIOD.toSeconds()
        + " s${tail}"));
    return jfc.toString();
  }

  /**
   * @param dir the results directory
   * @return where a profiled run's recordings go: {@code dir}, or a new temporary directory when
   *     {@code dir}'s absolute path holds whitespace (the testkit splits a child's JVM flags at
   *     whitespace)
   * @throws IOException when the temporary directory cannot be created
   */
  public static Path recordingsDir(Path dir) throws IOException {
    Path recordings = dir.toAbsolutePath();
    return recordings.toString().chars().anyMatch(Character::isWhitespace)
        ? Files.createTempDirectory("switchboard-bench-jfr") : recordings;
  }

  /**
   * @param profile the {@code profile} settings
   * @param file    where the child JVM's recording goes (dumped when it exits)
   * @param jfc     where the child's settings file goes ({@link #childSettings})
   * @return the child JVM's {@code -XX:StartFlightRecording} flag
   * @throws IOException when the settings file cannot be written
   */
  public static String childFlag(Configuration profile, Path file, Path jfc) throws IOException {
    return "-XX:StartFlightRecording=filename=" + file + ",settings="
        + childSettings(profile, jfc) + ",dumponexit=true";
  }

  /**
   * @param profile the {@code profile} settings
   * @param name    the recording's name
   * @param file    where it goes
   * @return a recording of this JVM with the same settings as the child's, not started yet
   * @throws IOException when the destination cannot be set
   */
  public static Recording localRecording(Configuration profile, String name, Path file)
      throws IOException {
    Recording recording = new Recording(profile);
    recording.enable("jdk.ThreadCPULoad").withPeriod(THREAD_CPU_PERIOD);
    recording.setName(name);
    recording.setDestination(file);
    return recording;
  }
}
