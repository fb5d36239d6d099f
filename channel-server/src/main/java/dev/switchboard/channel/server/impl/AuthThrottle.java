package dev.switchboard.channel.server.impl;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed {@code auth} requests per source address: after {@code limit} failures an address is
 * banned for {@code banTime}, doubled at each further failure up to {@code maxBanTime}. A banned
 * address is refused without its token being checked, so that guessing costs the guesser time. An
 * address whose last failure or ban ended {@code maxBanTime} ago is forgotten; the table holds
 * about {@link #MAX_ADDRESSES} addresses at most (when it is full, the forgettable ones go first,
 * then those not banned).
 *
 * <p>Threading: thread-safe; each address's record changes atomically ({@code compute}).
 */
final class AuthThrottle {

  /** Most addresses remembered at once. */
  static final int MAX_ADDRESSES = 10_000;

  private record Record(int failures, long lastFailure, long bannedUntil) {

    /** @return whether this record may be forgotten at {@code now} */
    boolean stale(long now, long quiet) {
      return Math.max(lastFailure, bannedUntil) + quiet < now;
    }
  }

  private final int limit;
  private final long banTime;
  private final long maxBanTime;
  private final ConcurrentHashMap<String, Record> records = new ConcurrentHashMap<>();

  AuthThrottle(int limit, long banTime, long maxBanTime) {
    this.limit = limit;
    this.banTime = banTime;
    this.maxBanTime = maxBanTime;
  }

  /**
   * @param address a source address (without the port)
   * @param now     the time in ms
   * @return whether the address is banned now
   */
  boolean banned(String address, long now) {
    Record record = records.get(address);
    return record != null && record.bannedUntil() > now;
  }

  /**
   * Counts a failed attempt.
   *
   * @param address a source address (without the port)
   * @param now     the time in ms
   */
  void failed(String address, long now) {
    if (records.size() >= MAX_ADDRESSES && !records.containsKey(address)) {
      forgetOld(now);
    }
    records.compute(address, (a, old) -> {
      int failures = old == null || old.stale(now, maxBanTime) ? 1 : old.failures() + 1;
      long until = 0;
      if (failures >= limit) {
        int doublings = Math.min(30, failures - limit);
        until = now + Math.min(maxBanTime, banTime << doublings);
      }
      return new Record(failures, now, until);
    });
  }

  /**
   * Forgets an address after a successful attempt.
   *
   * @param address a source address (without the port)
   */
  void succeeded(String address) {
    records.remove(address);
  }

  /** @return the number of addresses banned now */
  int bannedCount(long now) {
    return (int) records.values().stream().filter(r -> r.bannedUntil() > now).count();
  }

  /** @return the addresses remembered now */
  int size() {
    return records.size();
  }

  private void forgetOld(long now) {
    records.entrySet().removeIf(e -> e.getValue().stale(now, maxBanTime));
    if (records.size() >= MAX_ADDRESSES) {
      // a flood from many addresses: keep the bans, forget addresses not banned yet
      records.entrySet().removeIf(e -> e.getValue().bannedUntil() <= now);
    }
  }
}
