package dev.colloquy.infra.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.colloquy.infra.integration.IntegrationEventMapping.Outbound;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes integration events from a pooled streaming processor. Each send waits for the broker's
 * acknowledgement and a failure is thrown, so the processor's token stays before the event and the batch is
 * retried once the broker answers: nothing is lost, and a retried event keeps its id (at least once, deduplicable).
 */
@ProcessingGroup(KafkaEventPublisher.GROUP)
public class KafkaEventPublisher {
    public static final String GROUP = "integration-events";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final KafkaTemplate<String, String> kafka;
    private final KafkaIntegrationProperties.Topics topics;
    private final Duration ackTimeout;
    private final Counter published;
    private final Counter failed;

    public KafkaEventPublisher(KafkaTemplate<String, String> kafka, KafkaIntegrationProperties properties,
                               MeterRegistry registry) {
        this.kafka = kafka;
        this.topics = properties.topics();
        // The producer gives up after its delivery timeout; waiting a little longer lets its own verdict arrive.
        this.ackTimeout = properties.deliveryTimeout().plusSeconds(5);
        this.published = Counter.builder("colloquy.integration.events.published")
                .description("Integration events acknowledged by Kafka").register(registry);
        this.failed = Counter.builder("colloquy.integration.events.failed")
                .description("Integration event publications that failed and will be retried").register(registry);
    }

    @EventHandler
    void on(Object payload, EventMessage<?> message) {
        IntegrationEventMapping.map(message).ifPresent(this::publish);
    }

    /** The record value as consumers read it. */
    static String json(IntegrationEvent event) throws JsonProcessingException {
        return JSON.writeValueAsString(event);
    }

    private void publish(Outbound outbound) {
        IntegrationEvent event = outbound.event();
        try {
            kafka.send(topics.name(outbound.topic()), event.tenantId(), json(event))
                    .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            published.increment();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            failed.increment();
            throw new IllegalStateException("integration event " + event.eventId() + " (" + event.type()
                    + ") was not acknowledged by Kafka; the processor retries it", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("integration event " + event.eventId() + " cannot be written", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event.eventId(), e);
        }
    }
}
