package dev.switchboard.globaldata;

/**
 * Event-bus addresses of the GlobalData module.
 */
public final class GlobalDataAddresses {

  /**
   * Node-local address where each {@link GlobalDataVerticle} answers any message with the
   * status of its member as JSON: {@code member} ({@code host:port}), {@code members}, {@code mapName},
   * {@code backupCount}, {@code ownedEntries}, {@code backupEntries}.
   */
  public static final String STATUS = "switchboard.globaldata.status";

  private GlobalDataAddresses() {
  }
}
