package dev.colloquy.command.account;

import java.util.List;
import java.util.Map;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jdbi.v3.core.Jdbi;

/**
 * Rebuilds the account directory from the event store: empties its tables and runs every event through the
 * same handlers, in one transaction, so requests keep being served from the old rows until the new ones
 * commit. Account changes made meanwhile wait for it (the tables are locked). Sessions and the keys'
 * last-used times are operational state and are kept.
 */
public class DirectoryRebuild {
    private final AccountDirectory directory;
    private final EventStore eventStore;
    private final TransactionManager transactions;
    private final Jdbi jdbi;

    public DirectoryRebuild(AccountDirectory directory, EventStore eventStore, TransactionManager transactions,
                            Jdbi jdbi) {
        this.directory = directory;
        this.eventStore = eventStore;
        this.transactions = transactions;
        this.jdbi = jdbi;
    }

    /** Returns how many events it applied. */
    public long rebuild() {
        return transactions.fetchInTransaction(() -> jdbi.withHandle(h -> {
            h.execute("lock table tenant_directory, account_directory, api_key in exclusive mode");
            List<Map<String, Object>> lastUsed = h.createQuery(
                    "select key_id, last_used_at from api_key where last_used_at is not null").mapToMap().list();
            h.execute("delete from api_key");
            h.execute("delete from account_directory");
            h.execute("delete from tenant_directory");
            long applied = replay();
            for (Map<String, Object> key : lastUsed) {
                h.createUpdate("update api_key set last_used_at = :at where key_id = :key")
                        .bind("at", key.get("last_used_at")).bind("key", key.get("key_id")).execute();
            }
            return applied;
        }));
    }

    private long replay() {
        AnnotationEventHandlerAdapter handlers = new AnnotationEventHandlerAdapter(directory);
        long applied = 0;
        try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(null)) {
            while (events.hasNextAvailable()) {
                TrackedEventMessage<?> event = events.nextAvailable();
                if (handlers.canHandle(event)) {
                    handlers.handle(event);
                    applied++;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("rebuilding the account directory failed; nothing was changed", e);
        }
        return applied;
    }
}
