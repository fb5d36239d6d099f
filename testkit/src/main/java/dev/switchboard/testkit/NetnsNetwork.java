package dev.switchboard.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network of {@link NetnsHosts}, made with iproute2's {@code ip} as root: one bridge in the
 * root namespace holding the first address of a free {@code 10.213.x.0/24}, and per host a network
 * namespace with its loopback up and one end of a veth pair holding its own address, the other end
 * on the bridge. Nothing routes out: the namespaces have no default route, nothing is forwarded
 * or translated, and no other interface of the root namespace is touched.
 *
 * <p>Every name starts with {@value #PREFIX}, then the owning JVM's process id in base 36 and
 * {@code _}, so that {@link #deleteStale()} can tell the leftovers of a JVM that died from those of
 * a running one. Not thread-safe.
 */
final class NetnsNetwork {

  private static final Logger LOG = LoggerFactory.getLogger(NetnsNetwork.class);

  /** First characters of every bridge, veth and namespace name made here. */
  static final String PREFIX = "sbn";

  /** Last octet of host 0's address; host i has {@code HOST_OFFSET + i}. */
  static final int HOST_OFFSET = 11;

  /** Most hosts of one network (interface names stay within Linux's 15 characters). */
  static final int MAX_HOSTS = 16;

  /** Tries at finding a {@code 10.213.x.0/24} that the root namespace does not use. */
  private static final int SUBNET_TRIES = 32;

  private static final Pattern OWNER = Pattern.compile("^" + PREFIX + "([0-9a-z]{1,8})_");

  private static final Pattern LINK_NAME = Pattern.compile("^\\d+:\\s+([^:@\\s]+)");

  private static final String OWN_PID = Long.toString(ProcessHandle.current().pid(), 36);

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final String tag;
  private final String subnet;
  private final int count;

  private NetnsNetwork(String tag, String subnet, int count) {
    this.tag = tag;
    this.subnet = subnet;
    this.count = count;
  }

  /**
   * Creates the bridge and {@code count} namespaces; deletes what it made when a step fails.
   *
   * @param count how many hosts, 1 to {@link #MAX_HOSTS}
   * @return the network
   * @throws IllegalStateException naming the {@code ip} command that failed
   */
  static NetnsNetwork create(int count) {
    if (count < 1 || count > MAX_HOSTS) {
      throw new IllegalArgumentException("count must be 1.." + MAX_HOSTS + ": " + count);
    }
    String tag = PREFIX + OWN_PID + "_" + Integer.toString(SEQUENCE.getAndIncrement() % 1296, 36);
    NetnsNetwork network = new NetnsNetwork(tag, freeSubnet(), count);
    try {
      network.build();
    } catch (RuntimeException e) {
      network.delete();
      throw e;
    }
    LOG.info("Network {}: bridge {} at {}, hosts {}", tag, network.bridge(),
        network.bridgeAddress(), network.addresses());
    return network;
  }

  private void build() {
    Commands.run("ip", "link", "add", bridge(), "type", "bridge");
    Commands.run("ip", "addr", "add", bridgeAddress() + "/24", "dev", bridge());
    Commands.run("ip", "link", "set", bridge(), "up");
    for (int i = 0; i < count; i++) {
      String ns = namespace(i);
      Commands.run("ip", "netns", "add", ns);
      Commands.run("ip", "link", "add", hostVeth(i), "type", "veth",
          "peer", "name", nsVeth(i), "netns", ns);
      Commands.run("ip", "link", "set", hostVeth(i), "master", bridge());
      Commands.run("ip", "link", "set", hostVeth(i), "up");
      Commands.run("ip", "-n", ns, "link", "set", "lo", "up");
      Commands.run("ip", "-n", ns, "addr", "add", address(i) + "/24", "dev", nsVeth(i));
      Commands.run("ip", "-n", ns, "link", "set", nsVeth(i), "up");
    }
  }

  /** A {@code 10.213.x.} prefix whose /24 no address or route of the root namespace uses. */
  private static String freeSubnet() {
    String used = Commands.run("ip", "-4", "-o", "addr", "show")
        + Commands.run("ip", "-4", "route", "show", "table", "all");
    for (int i = 0; i < SUBNET_TRIES; i++) {
      String candidate = "10.213." + ThreadLocalRandom.current().nextInt(1, 255) + ".";
      if (!used.contains(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no free 10.213.x.0/24 in " + SUBNET_TRIES + " tries");
  }

  /**
   * Kills what still runs in the namespaces, then deletes them, the veth pairs and the bridge.
   * Idempotent; each step that fails is logged and the others still run.
   */
  void delete() {
    for (int i = 0; i < count; i++) {
      // the veth pair first: a namespace outlives its name while the kernel still holds it
      // (sockets being torn down), and its end of the pair with it
      killProcesses(namespace(i));
      quietly("ip", "link", "del", hostVeth(i));
      quietly("ip", "netns", "del", namespace(i));
    }
    quietly("ip", "link", "del", bridge());
    LOG.info("Network {} deleted", tag);
  }

  /**
   * Deletes the namespaces and links named by this kit whose owning JVM is gone (a run that was
   * killed before its shutdown hook ran), with any process still running in them.
   */
  static void deleteStale() {
    for (String line : Commands.run("ip", "netns", "list").split("\n")) {
      String ns = line.split("\\s+")[0];
      if (stale(ns)) {
        LOG.warn("Deleting network namespace {} left by a run that is gone", ns);
        deleteNamespace(ns);
      }
    }
    for (String line : Commands.run("ip", "-o", "link", "show").split("\n")) {
      Matcher name = LINK_NAME.matcher(line);
      if (name.find() && stale(name.group(1))) {
        LOG.warn("Deleting link {} left by a run that is gone", name.group(1));
        quietly("ip", "link", "del", name.group(1));
      }
    }
  }

  private static boolean stale(String name) {
    Matcher owner = OWNER.matcher(name);
    if (!owner.find() || owner.group(1).equals(OWN_PID)) {
      return false;
    }
    long pid = Long.parseLong(owner.group(1), 36);
    return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
  }

  private static void deleteNamespace(String ns) {
    killProcesses(ns);
    quietly("ip", "netns", "del", ns);
  }

  private static void killProcesses(String ns) {
    for (String pid : quietly("ip", "netns", "pids", ns).split("\\s+")) {
      if (!pid.isBlank()) {
        LOG.warn("Killing process {} still running in namespace {}", pid, ns);
        quietly("kill", "-KILL", pid);
      }
    }
  }

  private static String quietly(String... command) {
    try {
      return Commands.run(command);
    } catch (IllegalStateException e) {
      LOG.debug("{}", e.getMessage());
      return "";
    }
  }

  /**
   * Tries to make a throwaway namespace with a veth pair in it, and deletes it.
   *
   * @return why namespaces cannot be made here, or empty when they can
   */
  static Optional<String> probe() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return Optional.of("network namespaces need Linux, this is " + System.getProperty("os.name"));
    }
    String ns = PREFIX + OWN_PID + "_probe";
    try {
      Commands.run("ip", "netns", "add", ns);
      Commands.run("ip", "-n", ns, "link", "add", "probe0", "type", "veth", "peer", "name",
          "probe1");
      return Optional.empty();
    } catch (IllegalStateException e) {
      return Optional.of("cannot make a network namespace with a veth pair (root and iproute2 "
          + "needed): " + e.getMessage());
    } finally {
      quietly("ip", "netns", "del", ns);
    }
  }

  /** @return the bridge's name */
  String bridge() {
    return tag + "b";
  }

  /** @return the root namespace's address on the bridge */
  String bridgeAddress() {
    return subnet + 1;
  }

  /** @return host i's namespace */
  String namespace(int i) {
    return tag + "-" + i;
  }

  /** @return host i's veth end on the bridge, in the root namespace */
  String hostVeth(int i) {
    return tag + "h" + i;
  }

  /** @return host i's veth end in its namespace */
  String nsVeth(int i) {
    return tag + "n" + i;
  }

  /** @return host i's address */
  String address(int i) {
    return subnet + (HOST_OFFSET + i);
  }

  /** @return every host's address, by index */
  List<String> addresses() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      all.add(address(i));
    }
    return all;
  }

  /** @return the name every part of this network starts with */
  String tag() {
    return tag;
  }
}
