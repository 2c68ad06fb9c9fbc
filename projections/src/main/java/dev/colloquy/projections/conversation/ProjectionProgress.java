package dev.colloquy.projections.conversation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a command endpoint wait until {@code conversation_view} shows a given version of a conversation. Versions
 * applied on this node are announced when their transaction commits; versions applied by another node are seen
 * by re-reading the table now and then.
 */
public class ProjectionProgress {
    private static final Logger log = LoggerFactory.getLogger(ProjectionProgress.class);
    private static final int REMEMBERED = 10_000;
    /**
     * How often to ask the database, which only matters when another node applied the version: this node's
     * own projection announces it without any query.
     */
    private static final long RECHECK_MILLIS = 20;

    private final Jdbi jdbi;
    private final Duration maxWait;
    // A lock rather than a monitor: waiters are virtual threads, which a monitor would pin on JDK 21.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Long> applied = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    public ProjectionProgress(Jdbi jdbi, Duration maxWait) {
        this.jdbi = jdbi;
        this.maxWait = maxWait;
    }

    /** Called by the projection inside its unit of work; takes effect when that commits. */
    void applied(String conversationId, long version) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(uow -> announce(conversationId, version));
        } else {
            announce(conversationId, version);
        }
    }

    private void announce(String conversationId, long version) {
        lock.lock();
        try {
            applied.merge(conversationId, version, Math::max);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the read model holds {@code version} of the conversation, at most the configured time. */
    public void await(String conversationId, long version) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long nextCheck = System.nanoTime() + RECHECK_MILLIS * 1_000_000;
        while (true) {
            long now = System.nanoTime();
            if (now >= nextCheck) {
                // Outside the lock: announcing threads must never wait for this query.
                if (storedVersion(conversationId).filter(stored -> stored >= version).isPresent()) {
                    return;
                }
                nextCheck = now + RECHECK_MILLIS * 1_000_000;
            }
            lock.lock();
            try {
                Long known = applied.get(conversationId);
                if (known != null && known >= version) {
                    return;
                }
                if (now >= deadline) {
                    log.warn("read model still behind conversation {} version {} after {}", conversationId, version,
                            maxWait);
                    return;
                }
                changed.await(Math.max(0, Math.min(nextCheck, deadline) - now), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    private Optional<Long> storedVersion(String conversationId) {
        return jdbi.withHandle(h -> h.createQuery("select version from conversation_view where id = :id")
                .bind("id", conversationId).mapTo(Long.class).findOne());
    }
}
