package dev.switchboard.testkit;

import java.util.List;

/**
 * A JVM that starts a {@link PrometheusServer}, prints {@value #READY_PREFIX}, Prometheus's
 * process id and its directory, and waits to be killed: {@link PrometheusServerIT} kills it with SIGKILL to prove
 * that its Prometheus does not outlive it.
 */
public final class PrometheusChild {

  /** Start of the line printed once Prometheus is ready. */
  static final String READY_PREFIX = "prometheus-child-ready ";

  private PrometheusChild() {
  }

  /**
   * @param args unused
   */
  public static void main(String[] args) throws Exception {
    PrometheusServer prometheus = PrometheusServer.start(List.of());
    System.out.println(READY_PREFIX + prometheus.pid() + " " + prometheus.directory());
    System.out.flush();
    synchronized (PrometheusChild.class) {
      PrometheusChild.class.wait(); // until killed
    }
  }
}
