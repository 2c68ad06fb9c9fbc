package dev.colloquy.projections.conversation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The changes a turn's events make to a conversation's row (its version, last activity, active leaf and message
 * count), gathered over the processor's batch and written once per conversation when the batch commits. A turn's
 * five events used to update the row five times. The row ends up exactly as applying the events one by one
 * leaves it, whatever the batch size, so a rebuild still equals the live read model: the values are the last
 * event's, the count adds up, and any other write to the row first flushes what is pending for it.
 */
final class ConversationActivity {
    private static final String RESOURCE = ConversationActivity.class.getName();

    private final Map<String, Pending> pending = new LinkedHashMap<>();

    /**
     * Records an event of the conversation: its version, and when {@code at} is given its time as the last
     * activity; a {@code leafId} also makes that message the active leaf and counts it. Outside a unit of work
     * (no batch to wait for) it is written at once.
     */
    static void record(Jdbi jdbi, String conversationId, long version, Instant at, String leafId) {
        if (!CurrentUnitOfWork.isStarted()) {
            ConversationActivity now = new ConversationActivity();
            now.add(conversationId, version, at, leafId);
            jdbi.useHandle(now::flushAll);
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        batch.getOrComputeResource(RESOURCE, key -> {
            ConversationActivity activity = new ConversationActivity();
            batch.onPrepareCommit(uow -> jdbi.useHandle(activity::flushAll));
            return activity;
        }).add(conversationId, version, at, leafId);
    }

    /** Writes what this batch has pending for the conversation now, before another statement changes its row. */
    static void flush(Handle h, String conversationId) {
        if (CurrentUnitOfWork.isStarted()) {
            ConversationActivity activity = CurrentUnitOfWork.get().root().getResource(RESOURCE);
            Pending change = activity == null ? null : activity.pending.remove(conversationId);
            if (change != null) {
                write(h, conversationId, change);
            }
        }
    }

    private void add(String conversationId, long version, Instant at, String leafId) {
        Pending change = pending.computeIfAbsent(conversationId, id -> new Pending());
        change.version = version;
        if (at != null) {
            change.at = at;
        }
        if (leafId != null) {
            change.leafId = leafId;
            change.added++;
        }
    }

    private void flushAll(Handle h) {
        pending.forEach((conversationId, change) -> write(h, conversationId, change));
        pending.clear();
    }

    private static void write(Handle h, String conversationId, Pending change) {
        h.createUpdate("""
                        update conversation_view set version = :version,
                               updated_at = coalesce(:at, updated_at),
                               active_leaf_id = coalesce(:leaf, active_leaf_id),
                               message_count = message_count + :added
                        where id = :id""")
                .bind("id", conversationId).bind("version", change.version).bind("at", change.at)
                .bind("leaf", change.leafId).bind("added", change.added).execute();
    }

    private static final class Pending {
        long version;
        Instant at;
        String leafId;
        int added;
    }
}
