package dev.switchboard.globaldata;

/**
 * Event-bus addresses and Hazelcast configuration names of the GlobalData module.
 */
public final class GlobalDataAddresses {

  /**
   * Node-local address where each {@link GlobalDataVerticle} answers any message with the
   * status of its member as JSON: {@code member} ({@code host:port}), {@code members}, {@code mapName},
   * {@code backupCount}, {@code ownedEntries}, {@code backupEntries}.
   */
  public static final String STATUS = "switchboard.globaldata.status";

  /**
   * Name of the Hazelcast split-brain protection the GlobalData map refers to in the member
   * configuration (the shipped {@code cluster.xml}): {@value}.
   */
  public static final String SPLIT_BRAIN_PROTECTION = "switchboard.globaldata.quorum";

  private GlobalDataAddresses() {
  }
}
