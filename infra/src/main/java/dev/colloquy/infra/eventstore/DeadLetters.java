package dev.colloquy.infra.eventstore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The dead-letter queues: one per processor with {@code dlq.enabled} (Axon's own, in {@code deadletterentry}),
 * and one the reply saga writes to itself, since Axon 4 dead-letters for event handlers only. Nothing a handler
 * fails on stops its processor: see {@link DeadLetterPolicy} for what is parked and what is retried.
 */
public class DeadLetters {
    public static final String SAGA = "ReplySagaProcessor";

    private final Set<String> processors = new LinkedHashSet<>();
    private final org.axonframework.config.Configuration axon;
    private final SequencedDeadLetterQueue<EventMessage<?>> sagaLetters;

    DeadLetters(EventProcessorProperties properties, org.axonframework.config.Configuration axon,
                       ConnectionProvider connections, TransactionManager transactions, DeadLetterSchema schema,
                       Serializer serializer, @Qualifier("eventSerializer") Serializer eventSerializer) {
        properties.getProcessors().forEach((name, processor) -> {
            if (processor.getDlq().isEnabled()) {
                processors.add(name);
            }
        });
        this.axon = axon;
        this.sagaLetters = JdbcSequencedDeadLetterQueue.builder().processingGroup(SAGA)
                .connectionProvider(connections).transactionManager(transactions).schema(schema)
                .genericSerializer(serializer).eventSerializer(eventSerializer).build();
    }

    /** Every queue by name: the dead-lettering processors, then the saga. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>(processors);
        names.add(SAGA);
        return names;
    }

    public Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue(String name) {
        return SAGA.equals(name) ? Optional.of(sagaLetters)
                : processors.contains(name) ? axon.eventProcessingConfiguration().deadLetterQueue(name)
                : Optional.empty();
    }

    /** What retries a processor's letters by handing them to its handlers again; the saga has none. */
    public Optional<SequencedDeadLetterProcessor<EventMessage<?>>> retrier(String name) {
        return processors.contains(name) ? axon.eventProcessingConfiguration().sequencedDeadLetterProcessor(name)
                : Optional.empty();
    }

    ConfigurerModule policies(MeterRegistry meters) {
        return configurer -> configurer.eventProcessing(processing -> {
            processors.forEach(name -> processing.registerDeadLetterPolicy(name,
                    c -> new DeadLetterPolicy(name, meters)));
            DeadLetterPolicy sagaPolicy = new DeadLetterPolicy(SAGA, meters);
            processing.registerListenerInvocationErrorHandler(SAGA, c -> sagaErrors(sagaPolicy));
        });
    }

    /** A saga handler that fails on an event parks it (a record for the operator) and the saga reads on. */
    private ListenerInvocationErrorHandler sagaErrors(DeadLetterPolicy policy) {
        return (exception, event, handler) -> {
            Object sequence = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier()
                    : event.getIdentifier();
            GenericDeadLetter<EventMessage<?>> letter = new GenericDeadLetter<>(sequence, event, exception);
            if (policy.decide(letter, exception).shouldEnqueue()) {
                sagaLetters.enqueue(sequence, letter);
            }
        };
    }

    HandlerSavepoints savepoints(PlatformTransactionManager transactions) {
        return new HandlerSavepoints(transactions, names());
    }

    MeterBinder sizes() {
        return registry -> names().forEach(name -> Gauge.builder("colloquy.dead.letters",
                        () -> queue(name).map(SequencedDeadLetterQueue::size).orElse(0L))
                .description("Events parked in a processor's dead-letter queue, waiting for an operator")
                .tag("processor", name).register(registry));
    }
}
