package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.colloquy.infra.integration.KafkaEventPublisher;
import dev.colloquy.projections.conversation.ConversationProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/** Without bootstrap servers (the default) the application runs with no Kafka client and no publishing processor. */
class KafkaDisabledTest extends EndToEndTest {
    @Autowired
    ApplicationContext context;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void theApplicationServesConversationsWithoutAnyKafkaBeanOrProcessor() {
        String id = asAlice.start("simulator", null);
        asAlice.awaitCharged(asAlice.post(id, "hello without Kafka", null).path("replyId").asText());

        for (Class<?> kafka : new Class<?>[] {ProducerFactory.class, KafkaTemplate.class, KafkaAdmin.class,
                KafkaEventPublisher.class}) {
            assertThat(context.getBeanNamesForType(kafka)).as(kafka.getSimpleName()).isEmpty();
        }
        assertThat(processing.eventProcessor(KafkaEventPublisher.GROUP)).isEmpty();
        assertThat(processing.eventProcessor(ConversationProjection.GROUP)).isPresent();
    }
}
