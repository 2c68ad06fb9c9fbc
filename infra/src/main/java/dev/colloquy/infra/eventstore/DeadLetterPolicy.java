package dev.colloquy.infra.eventstore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * Which failures park an event and which retry the batch. A failure of the event itself (a value a read model
 * cannot hold, a bug on one shape of event) is dead-lettered, counted and logged, and the stream goes on. A
 * failure of the surroundings (the database or the broker briefly away, a deadlock, another node appending to the
 * same conversation first) says nothing about the event:
 * parking would fill the queue with healthy events during an outage, so it is thrown on and the batch retried.
 */
final class DeadLetterPolicy implements EnqueuePolicy<EventMessage<?>> {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterPolicy.class);
    /** PostgreSQL: deadlock, serialization failure, lock not available, and the connection classes. */
    private static final Set<String> TRANSIENT_STATES = Set.of("40P01", "40001", "55P03");

    private final String processor;
    private final Counter parked;

    DeadLetterPolicy(String processor, MeterRegistry meters) {
        this.processor = processor;
        this.parked = Counter.builder("colloquy.dead.letters.enqueued")
                .description("Events a processor failed on and parked in its dead-letter queue")
                .tag("processor", processor).register(meters);
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        if (isTransient(cause)) {
            throw new RetryBatch(cause);
        }
        parked.increment();
        log.error("{} parked event {} ({}) in its dead-letter queue: {}", processor,
                letter.message().getIdentifier(), letter.message().getPayloadType().getSimpleName(), cause.toString());
        return Decisions.enqueue(cause);
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException || cause instanceof TransientDataAccessException
                    || cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
                    || cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (TRANSIENT_STATES.contains(sql.getSQLState()) || sql.getSQLState().startsWith("08"))
                    || cause.getClass().getName().startsWith("org.apache.kafka.common.errors.")) {
                return true;
            }
        }
        return false;
    }

    /** Thrown out of the policy, so the processor rolls its batch back and tries it again later. */
    static final class RetryBatch extends RuntimeException {
        RetryBatch(Throwable cause) {
            super("transient failure, the batch will be retried: " + cause, cause);
        }
    }
}
