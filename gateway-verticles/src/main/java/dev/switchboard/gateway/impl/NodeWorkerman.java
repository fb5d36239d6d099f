package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.impl.workerman.WorkermanAddress;
import dev.switchboard.gateway.impl.workerman.WorkermanClientId;
import io.vertx.core.Future;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gateway node's side of GatewayWorker's inner listener: the one address PHP knows the node by
 * (every gateway verticle of the node listening there, Vert.x sharing the port), the node's
 * GatewayWorker client ids ({@link WorkermanClientId}: that address and a node-wide 32-bit
 * sequence, started at random so that a restarted node rarely gives an id of its previous life),
 * and the node's subscription to the address's channel ({@link RoutingProtocol#addressChannel}),
 * through which any node finds the node holding such an id.
 *
 * <p>Threading: any thread (this object's lock guards the address and its users).
 */
final class NodeWorkerman {

  private final AtomicLong sequence = new AtomicLong(new SecureRandom().nextInt() & 0xffff_ffffL);
  private volatile WorkermanAddress address; // written under this
  private int users; // under this

  /**
   * A verticle's inner listener listens: the first one sets the node's address and announces it.
   *
   * @param bound  the listener's address
   * @param router the node's routing
   * @return completed once every node knows this one holds the address; failed when another
   *     verticle of the node listens at another address
   */
  Future<Void> open(WorkermanAddress bound, GatewayRouter router) {
    synchronized (this) {
      if (address != null && !address.equals(bound)) {
        return Future.failedFuture(new IllegalStateException("this node's gateway verticles "
            + "listen for GatewayWorker's protocol at " + address + " already, not " + bound
            + ": give them one fixed workerman.port"));
      }
      users++;
      if (address != null) {
        return Future.succeededFuture();
      }
      address = bound;
    }
    return router.announce(RoutingProtocol.addressChannel(bound.toString()));
  }

  /**
   * A verticle's inner listener closed: the last one withdraws the address.
   *
   * @param router the node's routing, or null when it is stopped
   */
  void close(GatewayRouter router) {
    WorkermanAddress withdrawn;
    synchronized (this) {
      if (address == null || --users > 0) {
        return;
      }
      withdrawn = address;
      address = null;
    }
    if (router != null) {
      router.withdraw(RoutingProtocol.addressChannel(withdrawn.toString()));
    }
  }

  /** @return the node's address for PHP, or null while no inner listener runs */
  WorkermanAddress address() {
    return address;
  }

  /**
   * @return the next client id at the node's address
   * @throws IllegalStateException while no inner listener runs
   */
  String nextId() {
    WorkermanAddress current = address;
    if (current == null) {
      throw new IllegalStateException("no inner listener");
    }
    return WorkermanClientId.format(current, sequence.getAndIncrement() & 0xffff_ffffL);
  }
}
