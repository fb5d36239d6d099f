package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Keyed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The scenarios of the gateway benchmark.
 */
enum GatewayScenario implements Keyed {

  /** Broadcast fan-out: deliveries/s and send-to-receive latency. */
  FANOUT("fanout"),
  /** Memory per idle connection. */
  MEMORY("memory"),
  /** Slow-consumer isolation: stalled clients next to normal ones. */
  SLOW("slow"),
  /** Cross-node group send: two receiving nodes, a third one sending to the group. */
  GROUPSEND("groupsend"),
  /** Connections accepted per second, with and without a JWT check. */
  CONNECT("connect"),
  /** 100,000 idle WebSocket connections on one node, heartbeats on. */
  IDLE100K("idle100k"),
  /** A broadcast every second to those 100,000 connections. */
  BROADCAST100K("broadcast100k"),
  /** A reconnect storm: one node killed, its clients reconnecting to another. */
  STORM("storm");

  /**
   * The scenarios run when none are named: every one but the opt-in {@link #GROUPSEND},
   * {@link #CONNECT} and the scale scenarios ({@link #IDLE100K}, {@link #BROADCAST100K},
   * {@link #STORM}).
   */
  static final List<GatewayScenario> DEFAULTS = List.of(FANOUT, MEMORY, SLOW);

  private final String key;

  GatewayScenario(String key) {
    this.key = key;
  }

  /**
   * @param key a key as given on the command line
   * @return the scenario
   * @throws IllegalArgumentException when there is none of that key
   */
  static GatewayScenario of(String key) {
    return Keyed.of(values(), key, "scenario");
  }

  /**
   * The order of the servers in one round: each round starts with the next one, so that over as
   * many rounds as servers every server runs once in every position.
   *
   * @param items the servers, in their configured order
   * @param round the round, from 1
   * @param <T>   what is ordered
   * @return the items rotated left by {@code round - 1}
   */
  static <T> List<T> rotation(List<T> items, int round) {
    List<T> order = new ArrayList<>(items);
    if (!order.isEmpty()) {
      Collections.rotate(order, -((round - 1) % order.size()));
    }
    return order;
  }

  /**
   * @return the key: command line, CSV
   */
  @Override
  public String key() {
    return key;
  }
}
