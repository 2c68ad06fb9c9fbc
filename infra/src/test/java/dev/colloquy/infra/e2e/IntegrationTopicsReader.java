package dev.colloquy.infra.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A downstream consumer of the integration topics, reading from the beginning in a group of its own. It keeps
 * every delivery, and handles each event id once, as a consumer of an at-least-once stream must.
 */
final class IntegrationTopicsReader implements AutoCloseable {
    record Delivery(String topic, String key, String value, JsonNode json) {
        String eventId() {
            return json.path("eventId").asText();
        }
    }

    private final KafkaConsumer<String, String> consumer;
    /** Every record read, duplicates included. */
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    /** What the deduplicating consumer handled, in order: a delivery whose event id it had seen is dropped. */
    final List<Delivery> handled = new CopyOnWriteArrayList<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    IntegrationTopicsReader(String bootstrapServers, Collection<String> topics) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(topics);
    }

    /** Reads what has arrived since the last call; call it from one thread only. */
    void poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            Delivery delivery = new Delivery(record.topic(), record.key(), record.value(), parse(record.value()));
            deliveries.add(delivery);
            if (seen.add(delivery.eventId())) {
                handled.add(delivery);
            }
        }
    }

    private static JsonNode parse(String value) {
        try {
            return Api.JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
