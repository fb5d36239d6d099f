package dev.switchboard.channel.server;

import dev.switchboard.testkit.Php;
import dev.switchboard.testkit.PhpProcess;

import java.util.ArrayList;
import java.util.List;

/**
 * The project's PHP test scripts a test starts (testkit/src/main/php), each killed when the test
 * closes this.
 *
 * <p>Not thread-safe: drive it from the test thread.
 */
final class PhpScripts implements AutoCloseable {

  private final List<PhpProcess> started = new ArrayList<>();

  /**
   * Starts a script.
   *
   * @param script the script's file name
   * @param args   its arguments, as their strings
   * @return the running script
   * @throws Exception when php cannot be started
   */
  PhpProcess start(String script, Object... args) throws Exception {
    String[] strings = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      strings[i] = String.valueOf(args[i]);
    }
    PhpProcess process = Php.start(Php.script(script), strings);
    started.add(process);
    return process;
  }

  @Override
  public void close() throws InterruptedException {
    for (PhpProcess script : started) {
      script.close();
    }
  }
}
