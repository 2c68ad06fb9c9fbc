package dev.colloquy.infra.web;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every failure to the error envelope. Known errors are logged at WARN at most; anything else is a 500
 * whose details stay in the log, never in the response.
 */
@RestControllerAdvice
public class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);
    private static final String UNIQUE_VIOLATION = "23505";
    /**
     * PostgreSQL chose this transaction to break a deadlock or a serialization conflict: two nodes worked on
     * the same conversation and the same user's counters at once, in opposite orders. Nothing was recorded.
     */
    private static final Set<String> CONCURRENT_UPDATE = Set.of("40P01", "40001");

    @ExceptionHandler(ColloquyException.class)
    public ResponseEntity<Map<String, Object>> known(ColloquyException e) {
        return ErrorEnvelope.entity(e.code(), e.getMessage(), e.details());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    public ResponseEntity<Map<String, Object>> missing(AggregateNotFoundException e) {
        return ErrorEnvelope.entity(ErrorCode.NOT_FOUND, "not found", Map.of());
    }

    @ExceptionHandler(ConcurrencyException.class)
    public ResponseEntity<Map<String, Object>> concurrent(ConcurrencyException e) {
        return ErrorEnvelope.entity(ErrorCode.CONFLICT, "the conversation changed at the same time; retry",
                Map.of());
    }

    @ExceptionHandler({CommandExecutionException.class, QueryExecutionException.class, CompletionException.class})
    public ResponseEntity<Map<String, Object>> wrapped(Exception e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ColloquyException known) {
                return known(known);
            }
            if (cause instanceof AggregateNotFoundException notFound) {
                return missing(notFound);
            }
        }
        return unexpected(e);
    }

    private static boolean hasSqlState(Throwable e, Set<String> states) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && states.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof BoundedBody.TooLarge tooLarge) {
                return ErrorEnvelope.entity(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage(), Map.of());
            }
            if (cause instanceof BoundedBody.NotUtf8 notUtf8) {
                return ErrorEnvelope.entity(ErrorCode.VALIDATION_ERROR, notUtf8.getMessage(), Map.of());
            }
            if (cause instanceof ColloquyException refused) {
                // a field the body may not hold (StrictJson), refused while it was read
                return known(refused);
            }
        }
        return ErrorEnvelope.entity(ErrorCode.VALIDATION_ERROR, "the request body is not valid JSON for this "
                + "endpoint (unknown fields, duplicate keys and values of another type are rejected)", Map.of());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return ErrorEnvelope.entity(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send application/json", Map.of());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    public ResponseEntity<Map<String, Object>> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return ErrorEnvelope.entity(ErrorCode.VALIDATION_ERROR, "unsupported Accept header", Map.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return ErrorEnvelope.entity(ErrorCode.METHOD_NOT_ALLOWED, e.getMessage(), Map.of());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<Map<String, Object>> noRoute(NoResourceFoundException e) {
        return ErrorEnvelope.entity(ErrorCode.NOT_FOUND, "no such endpoint", Map.of());
    }

    /** A stream whose client went away: there is nobody to answer. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    public void clientGone(AsyncRequestNotUsableException e) {
        log.debug("client disconnected: {}", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        Optional<ColloquyException> wrapped = ColloquyException.causeOf(e);
        if (wrapped.isPresent()) {
            // refused while the events were being stored, e.g. by the event serializer: wrapped by Jackson and Axon
            return known(wrapped.get());
        }
        if (hasSqlState(e, Set.of(UNIQUE_VIOLATION))) {
            // Two requests raced for the same unique thing (a username, say); the database let one win.
            return ErrorEnvelope.entity(ErrorCode.CONFLICT, "it already exists (created at the same time); "
                    + "reload and retry", Map.of());
        }
        if (hasSqlState(e, CONCURRENT_UPDATE)) {
            return ErrorEnvelope.entity(ErrorCode.CONFLICT, "the conversation changed at the same time; retry",
                    Map.of());
        }
        log.error("unexpected error", e);
        return ErrorEnvelope.entity(ErrorCode.INTERNAL_ERROR, "An unexpected error occurred", Map.of());
    }
}
