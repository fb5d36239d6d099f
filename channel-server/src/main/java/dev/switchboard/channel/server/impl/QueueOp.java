package dev.switchboard.channel.server.impl;

import com.hazelcast.map.EntryProcessor;

import java.io.Serial;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;

/**
 * One atomic change of a work queue, run by Hazelcast on the owner of the queue's entry and then,
 * as its own backup processor (the default), with the same arguments on the backup: each result
 * depends only on the state and the arguments, so both copies stay equal. An operation that
 * changes nothing does not write the entry (no event, nothing to back up); a queue left empty is
 * removed.
 *
 * <p>Threading: Hazelcast runs it on the partition thread of the entry.
 */
final class QueueOp implements EntryProcessor<String, QueueState, Object> {

  @Serial
  private static final long serialVersionUID = 1L;

  /** What the operation does. */
  enum Kind {
    /** Appends {@code item} unless the queue holds {@code limit} items: {@link QueueState.Added}. */
    ADD,
    /** Delivers the oldest ready item to {@code holder}: the item, or null. */
    TAKE,
    /** Removes item {@code id} held by {@code holder}: whether it was held. */
    ACK,
    /** Puts item {@code id} held by {@code holder} back at the head: whether it was held. */
    NACK,
    /** Puts back every item held by {@code holder}: how many. */
    RELEASE_HOLDER,
    /** Puts back every item held by a holder of member {@code holder} (a member id): how many. */
    RELEASE_MEMBER,
    /** Puts back every item held by a holder of a member not in {@code members}: how many. */
    RELEASE_ABSENT
  }

  private final Kind kind;
  private final String holder;
  private final String id;
  private final QueueState.Item item;
  private final int limit;
  private final HashSet<String> members;

  private QueueOp(Kind kind, String holder, String id, QueueState.Item item, int limit,
      HashSet<String> members) {
    this.kind = kind;
    this.holder = holder;
    this.id = id;
    this.item = item;
    this.limit = limit;
    this.members = members;
  }

  static QueueOp add(QueueState.Item item, int maxLength) {
    return new QueueOp(Kind.ADD, null, null, item, maxLength, null);
  }

  static QueueOp take(String holder) {
    return new QueueOp(Kind.TAKE, holder, null, null, 0, null);
  }

  static QueueOp settle(String holder, String id, boolean ack) {
    return new QueueOp(ack ? Kind.ACK : Kind.NACK, holder, id, null, 0, null);
  }

  static QueueOp releaseHolder(String holder) {
    return new QueueOp(Kind.RELEASE_HOLDER, holder, null, null, 0, null);
  }

  static QueueOp releaseMember(String member) {
    return new QueueOp(Kind.RELEASE_MEMBER, member, null, null, 0, null);
  }

  /** @param members the ids of the members present */
  static QueueOp releaseAbsent(Collection<String> members) {
    return new QueueOp(Kind.RELEASE_ABSENT, null, null, null, 0, new HashSet<>(members));
  }

  /** @return the member part of a holder id ({@code <member>/<n>}) */
  static String memberOf(String holderId) {
    int slash = holderId.indexOf('/');
    return slash < 0 ? holderId : holderId.substring(0, slash);
  }

  @Override
  public Object process(Map.Entry<String, QueueState> entry) {
    QueueState state = entry.getValue();
    if (state == null) {
      if (kind != Kind.ADD) {
        return kind == Kind.TAKE ? null : kind == Kind.ACK || kind == Kind.NACK ? false : 0;
      }
      state = new QueueState();
    }
    Object result = switch (kind) {
      case ADD -> state.add(item, limit);
      case TAKE -> state.take(holder);
      case ACK, NACK -> state.settle(id, holder, kind == Kind.ACK);
      case RELEASE_HOLDER -> state.release(holder::equals);
      case RELEASE_MEMBER -> state.release(h -> memberOf(h).equals(holder));
      case RELEASE_ABSENT -> state.release(h -> !members.contains(memberOf(h)));
    };
    boolean changed = result == QueueState.Added.ADDED || result instanceof QueueState.Item
        || Boolean.TRUE.equals(result) || result instanceof Integer released && released > 0;
    if (changed) {
      entry.setValue(state.isEmpty() ? null : state);
    }
    return result;
  }
}
