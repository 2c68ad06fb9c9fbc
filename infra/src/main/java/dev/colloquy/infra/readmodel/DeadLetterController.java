package dev.colloquy.infra.readmodel;

import dev.colloquy.infra.eventstore.DeadLetters;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.jdbi.v3.core.Jdbi;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's view of the dead-letter queues (platform admins only: they span tenants). Letters are listed
 * from the table without their payloads, which hold personal data; a retry hands a processor's parked sequences
 * to its handlers again (after the fix is deployed); an evicted letter is dropped for good.
 */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
public class DeadLetterController {
    private static final int SHOWN_PER_QUEUE = 100;
    /** One call retries at most this many sequences, so it answers in bounded time; call again for more. */
    private static final int RETRIED_PER_CALL = 1000;

    private final DeadLetters deadLetters;
    private final Jdbi jdbi;

    public DeadLetterController(DeadLetters deadLetters, Jdbi jdbi) {
        this.deadLetters = deadLetters;
        this.jdbi = jdbi;
    }

    public record Letter(String id, String sequence, long index, String eventType, String eventId,
                         String enqueuedAt, String lastTouched, String causeType, String causeMessage) {
    }

    public record Queue(String processor, long size, List<Letter> letters) {
    }

    @GetMapping
    public List<Queue> list() {
        List<Queue> queues = new ArrayList<>();
        for (String name : deadLetters.names()) {
            long size = queue(name).size();
            queues.add(new Queue(name, size, size == 0 ? List.of() : letters(name)));
        }
        return queues;
    }

    @PostMapping("/{processor}/retry")
    public Map<String, Object> retry(@PathVariable String processor) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processor);
        SequencedDeadLetterProcessor<EventMessage<?>> retrier = deadLetters.retrier(processor).orElseThrow(() ->
                new ColloquyException(ErrorCode.CONFLICT, processor + " keeps its letters as a record: a reply "
                        + "saga's step is not replayed; evict them once looked into"));
        int recovered = 0;
        while (recovered < RETRIED_PER_CALL && retrier.processAny()) {
            recovered++;
        }
        return Map.of("processor", processor, "recoveredSequences", recovered, "remaining", queue.size());
    }

    @DeleteMapping("/{processor}/{letterId}")
    public ResponseEntity<Void> evict(@PathVariable String processor, @PathVariable String letterId) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processor);
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                if (letter instanceof JdbcDeadLetter<?> stored && stored.getIdentifier().equals(letterId)) {
                    queue.evict(letter);
                    return ResponseEntity.noContent().build();
                }
            }
        }
        throw ColloquyException.notFound("dead letter");
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String name) {
        return deadLetters.queue(name).orElseThrow(() -> ColloquyException.notFound("dead-letter queue"));
    }

    private List<Letter> letters(String processor) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select deadletteridentifier, sequenceidentifier, sequenceindex, payloadtype, eventidentifier,
                               enqueuedat, lasttouched, causetype, causemessage
                          from deadletterentry where processinggroup = :processor
                         order by enqueuedat, sequenceidentifier, sequenceindex limit :limit""")
                .bind("processor", processor).bind("limit", SHOWN_PER_QUEUE)
                .map((rs, ctx) -> new Letter(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)))
                .list());
    }
}
