package dev.colloquy.infra.eventstore;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends a command again when another node appended to its aggregate first: the retry loads the aggregate as it is
 * now (the cache checks its version), so the user never sees the race as a 409. Nothing else is retried: a
 * refusal is an answer. Retried at once, on the sending thread (which still carries the caller's origin), after a
 * few milliseconds' jitter. A command sent inside a transaction (a saga's step, in its batch) is not retried here:
 * that transaction failed with it, and the processor retries the batch (DeadLetterPolicy).
 */
public class ConflictRetry implements RetryScheduler {
    private final int maxRetries;

    public ConflictRetry(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        if (failures.size() > maxRetries || !isConflict(lastFailure)
                || TransactionSynchronizationManager.isActualTransactionActive()) {
            return false;
        }
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(2_000_000, 20_000_000));
        commandDispatch.run();
        return true;
    }

    static boolean isConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
