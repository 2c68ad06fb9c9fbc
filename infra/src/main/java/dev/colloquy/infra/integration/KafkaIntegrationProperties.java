package dev.colloquy.infra.integration;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code colloquy.integration.kafka.*}. With no {@code bootstrap-servers} integration events are off: no
 * processor, no producer, nothing connects. {@code producer} passes further client settings through (TLS, SASL),
 * but never weakens acks or idempotence.
 */
@ConfigurationProperties("colloquy.integration.kafka")
public record KafkaIntegrationProperties(@DefaultValue("") String bootstrapServers, @DefaultValue Topics topics,
                                         @DefaultValue("10s") Duration deliveryTimeout,
                                         Map<String, String> producer) {

    public KafkaIntegrationProperties {
        producer = producer == null ? Map.of() : Map.copyOf(producer);
    }

    public record Topics(@DefaultValue("colloquy.usage.v1") String usage,
                         @DefaultValue("colloquy.quota.v1") String quota,
                         @DefaultValue("colloquy.conversation.v1") String conversation) {

        String name(IntegrationTopic topic) {
            return switch (topic) {
                case USAGE -> usage;
                case QUOTA -> quota;
                case CONVERSATION -> conversation;
            };
        }
    }
}
