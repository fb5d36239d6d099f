package dev.switchboard.examples.deploy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** TLS certificates for the guide's tests, made by the project's own {@code bin/make-certs}. */
public final class Certificates {

  private Certificates() {
  }

  /**
   * Makes a CA ({@code dir/ca.pem}) and a certificate for 127.0.0.1 signed by it ({@code
   * dir/<name>.pem}, key {@code dir/<name>.key}).
   *
   * @throws IllegalStateException when bin/make-certs fails, with its output
   */
  public static void make(Path dir, String name) throws Exception {
    Process certs = new ProcessBuilder(DeploymentDoc.projectRoot().resolve("bin/make-certs")
        .toString(), dir.toString(), name + "=IP:127.0.0.1").redirectErrorStream(true).start();
    String output = new String(certs.getInputStream().readAllBytes());
    if (!certs.waitFor(60, TimeUnit.SECONDS) || certs.exitValue() != 0) {
      throw new IllegalStateException("bin/make-certs failed: " + output);
    }
  }
}
