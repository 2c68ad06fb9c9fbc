package dev.colloquy.infra.eventstore;

import java.sql.SQLException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Tells Axon that an append lost a race: PostgreSQL's driver reports a duplicate event sequence number as a
 * {@code BatchUpdateException} with SQL state 23505, which Axon's resolver (it looks for
 * {@code SQLIntegrityConstraintViolationException}) does not recognise, so the race surfaced as an
 * {@code EventStoreException} and a 409 instead of a {@code ConcurrencyException} that is retried.
 */
public class AppendConflicts implements PersistenceExceptionResolver {
    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            for (SQLException sql = cause instanceof SQLException s ? s : null; sql != null;
                 sql = sql.getNextException()) {
                if (UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }
}
