package dev.colloquy.projections.knowledge;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the knowledge read model shows a knowledge base or document at a version (or no longer shows it,
 * for a negative version). Knowledge changes are rare next to chat turns, so it simply asks the table again
 * every few milliseconds, whichever node applied the event.
 */
public class KnowledgeProgress {
    private static final Logger log = LoggerFactory.getLogger(KnowledgeProgress.class);
    private static final long RECHECK_NANOS = Duration.ofMillis(10).toNanos();

    private final Jdbi jdbi;
    private final Duration maxWait;

    public KnowledgeProgress(Jdbi jdbi, Duration maxWait) {
        this.jdbi = jdbi;
        this.maxWait = maxWait;
    }

    public void awaitBase(String id, long version) {
        await("knowledge_base", id, version);
    }

    public void awaitDocument(String id, long version) {
        await("knowledge_document", id, version);
    }

    private void await(String table, String id, long version) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!reached(stored(table, id), version)) {
            if (System.nanoTime() > deadline) {
                log.warn("knowledge read model still behind {} {} version {} after {}", table, id, version, maxWait);
                return;
            }
            LockSupport.parkNanos(RECHECK_NANOS);
        }
    }

    private static boolean reached(Optional<Long> stored, long version) {
        return version < 0 ? stored.isEmpty() : stored.filter(v -> v >= version).isPresent();
    }

    private Optional<Long> stored(String table, String id) {
        return jdbi.withHandle(h -> h.createQuery("select version from " + table + " where id = :id")
                .bind("id", id).mapTo(Long.class).findOne());
    }
}
