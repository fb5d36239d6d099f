package dev.switchboard.bench.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Everything the benchmark started that must not outlive it (child JVMs, redis-server, Vert.x
 * instances), closed newest first by whoever gets there first: the code that started it, the
 * main method's finally block, or the JVM shutdown hook on SIGTERM / Ctrl-C.
 *
 * <p>Thread-safe: the registry is guarded by this object; each resource is closed at most once.
 */
public final class Cleanup {

  private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);

  private final Deque<Registration> open = new ArrayDeque<>();
  private volatile boolean closing;

  /**
   * @return a registry whose remaining resources a JVM shutdown hook closes
   */
  public static Cleanup withShutdownHook() {
    Cleanup cleanup = new Cleanup();
    Runtime.getRuntime().addShutdownHook(new Thread(cleanup::closeAll, "bench-cleanup"));
    return cleanup;
  }

  /**
   * @param what     a name for the logs
   * @param resource the resource
   * @return a handle whose {@link Registration#close()} closes the resource once
   */
  public synchronized Registration register(String what, AutoCloseable resource) {
    Registration registration = new Registration(what, resource);
    open.push(registration);
    return registration;
  }

  /**
   * @return true once {@link #closeAll()} has begun: the run should stop starting new work
   */
  public boolean closing() {
    return closing;
  }

  /** Closes every resource still open, newest first; failures are logged, not thrown. */
  public void closeAll() {
    closing = true;
    List<Registration> remaining;
    synchronized (this) {
      remaining = new ArrayList<>(open);
    }
    remaining.forEach(Registration::close);
  }

  private synchronized boolean claim(Registration registration) {
    return open.remove(registration);
  }

  /** One registered resource. */
  public final class Registration implements AutoCloseable {

    private final String what;
    private final AutoCloseable resource;

    private Registration(String what, AutoCloseable resource) {
      this.what = what;
      this.resource = resource;
    }

    /** Closes the resource unless it was already closed; failures are logged, not thrown. */
    @Override
    public void close() {
      if (!claim(this)) {
        return;
      }
      try {
        resource.close();
        LOG.debug("Closed {}", what);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        LOG.warn("Interrupted while closing {}", what);
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", what, e.toString());
      }
    }
  }
}
