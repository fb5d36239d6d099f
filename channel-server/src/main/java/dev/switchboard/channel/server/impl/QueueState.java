package dev.switchboard.channel.server.impl;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One work queue as the cluster's store holds it (the value of its entry in the queue map): the
 * items ready for delivery, oldest first, and the items delivered and not yet settled, with their
 * holders. Changed only by {@link QueueOp}s on the entry's owner and, identically, on its backup,
 * so every change is a function of the state and the operation's arguments.
 *
 * <p>Threading: not thread-safe; Hazelcast runs one operation at a time on an entry.
 */
final class QueueState implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  /** What {@link #add} did. */
  enum Added { ADDED, DUPLICATE, FULL }

  /** One stored item: its id, its data as JSON text, and how often it was delivered. */
  record Item(String id, String json, int deliveries) implements Serializable {
  }

  /** A delivered item and the holder it went to. */
  record Held(Item item, String holder) implements Serializable {
  }

  private final ArrayDeque<Item> ready = new ArrayDeque<>();
  private final LinkedHashMap<String, Held> held = new LinkedHashMap<>();
  /** The ids of every item, ready or held: an enqueue retried by Hazelcast adds nothing twice. */
  private final Set<String> ids = new HashSet<>();

  /**
   * Appends an item.
   *
   * @param item      the item, never delivered
   * @param maxLength the most items the queue may hold, ready and held together
   * @return whether it was added
   */
  Added add(Item item, int maxLength) {
    if (ids.contains(item.id())) {
      return Added.DUPLICATE;
    }
    if (ids.size() >= maxLength) {
      return Added.FULL;
    }
    ready.addLast(item);
    ids.add(item.id());
    return Added.ADDED;
  }

  /**
   * Delivers the oldest ready item to a holder.
   *
   * @param holder the holder
   * @return the item with its delivery counted, or null when none is ready
   */
  Item take(String holder) {
    Item next = ready.pollFirst();
    if (next == null) {
      return null;
    }
    Item delivered = new Item(next.id(), next.json(), next.deliveries() + 1);
    held.put(delivered.id(), new Held(delivered, holder));
    return delivered;
  }

  /**
   * Settles a held item.
   *
   * @param id     the item
   * @param holder who settles it: only its holder may
   * @param ack    true removes it; false puts it back at the head of the queue
   * @return false when the holder does not hold that item (nothing changed)
   */
  boolean settle(String id, String holder, boolean ack) {
    Held entry = held.get(id);
    if (entry == null || !entry.holder().equals(holder)) {
      return false;
    }
    held.remove(id);
    if (ack) {
      ids.remove(id);
    } else {
      ready.addFirst(entry.item());
    }
    return true;
  }

  /**
   * Puts the items of some holders back at the head of the queue, in the order they were taken
   * (before every item that was never delivered).
   *
   * @param holders which holders lose their items
   * @return how many items went back
   */
  int release(Predicate<String> holders) {
    List<Item> back = new ArrayList<>();
    Iterator<Map.Entry<String, Held>> it = held.entrySet().iterator();
    while (it.hasNext()) {
      Held entry = it.next().getValue();
      if (holders.test(entry.holder())) {
        back.add(entry.item());
        it.remove();
      }
    }
    for (int i = back.size() - 1; i >= 0; i--) {
      ready.addFirst(back.get(i));
    }
    return back.size();
  }

  /** @return the items ready for delivery */
  int readyCount() {
    return ready.size();
  }

  /** @return the items delivered and not settled */
  int heldCount() {
    return held.size();
  }

  /** @return whether the queue holds nothing (its entry is then removed) */
  boolean isEmpty() {
    return ids.isEmpty();
  }
}
