package dev.switchboard.gateway.impl.phpworker;

import dev.switchboard.gateway.impl.workerman.InnerConnection;
import dev.switchboard.gateway.impl.workerman.WorkerHook;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The PHP BusinessWorkers connected to one gateway node (to any of its verticles' inner
 * listeners), and the router that gives each client one of them: the one with the fewest
 * clients (GatewayWorker's {@code ROUTER_LEAST_CONNECTIONS}), kept while it stays connected.
 * A worker that connects again under the key of one still connected ({@code remote ip} and
 * {@code worker_key}, the worker's {@code name:id}) replaces it: the old connection is closed, as
 * GatewayWorker's gateway does.
 *
 * <p>Threading: any thread (this object's lock guards the workers).
 */
public final class WorkerPool implements WorkerHook {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

  /** One connected BusinessWorker and the clients routed to it. */
  static final class Worker {
    final InnerConnection connection;
    final String key;
    int clients; // under the pool's lock
    final LongAdder dropped = new LongAdder();
    volatile boolean connected = true;

    Worker(InnerConnection connection, String key) {
      this.connection = connection;
      this.key = key;
    }

    @Override
    public String toString() {
      return "BusinessWorker " + key;
    }
  }

  private final Map<InnerConnection, Worker> workers = new LinkedHashMap<>();
  private final LongAdder dropped = new LongAdder();

  @Override
  public void connected(InnerConnection connection, JsonObject info) {
    Object workerKey = info.getValue("worker_key");
    String key = connection.remoteAddress().hostAddress() + ":"
        + (workerKey instanceof String s ? s : "?");
    Worker replaced = null;
    synchronized (this) {
      for (Worker worker : workers.values()) {
        if (worker.key.equals(key)) {
          replaced = worker;
        }
      }
      workers.put(connection, new Worker(connection, key));
    }
    if (replaced != null) {
      LOG.warn("BusinessWorker {} connected again from {}: its older connection is closed",
          key, connection.remoteAddress());
      replaced.connection.close();
    }
    LOG.info("BusinessWorker {} connected from {}", key, connection.remoteAddress());
  }

  @Override
  public void closed(InnerConnection connection) {
    Worker worker;
    synchronized (this) {
      worker = workers.remove(connection);
    }
    if (worker != null) {
      worker.connected = false;
      LOG.info("BusinessWorker {} disconnected ({} clients routed to it go to others)",
          worker.key, worker.clients);
    }
  }

  /**
   * @param current the worker a client has, or null
   * @return {@code current} while it is connected, else the connected worker with the fewest
   *     clients (counted for the client from now on), or null when none is connected
   */
  Worker route(Worker current) {
    if (current != null && current.connected) {
      return current;
    }
    synchronized (this) {
      Worker least = null;
      for (Worker worker : workers.values()) {
        if (least == null || worker.clients < least.clients) {
          least = worker;
        }
      }
      if (least != null) {
        least.clients++;
      }
      return least;
    }
  }

  /** A client routed to the worker closed. */
  synchronized void release(Worker worker) {
    if (worker != null && worker.clients > 0) {
      worker.clients--;
    }
  }

  /** An event for the worker was dropped: its send buffer was full. */
  void dropped(Worker worker) {
    worker.dropped.increment();
    dropped.increment();
  }

  /** @return whether a worker is connected */
  synchronized boolean isEmpty() {
    return workers.isEmpty();
  }

  /**
   * @return {@code {"workers": n, "clients": n, "dropped": n}}: the node's BusinessWorkers, the
   *     clients routed to them, and the events dropped because a worker's buffer was full (counts
   *     only: {@code /status} may be public, worker addresses are not for it)
   */
  public JsonObject status() {
    int clients = 0;
    int count;
    synchronized (this) {
      count = workers.size();
      for (Worker worker : workers.values()) {
        clients += worker.clients;
      }
    }
    return new JsonObject().put("workers", count).put("clients", clients)
        .put("dropped", dropped.sum());
  }
}
