package dev.colloquy.infra.knowledge;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.colloquy.command.knowledge.KnowledgeBarrier;
import dev.colloquy.command.reply.Retrieval;
import dev.colloquy.infra.ColloquyProperties;
import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.knowledge.EmbeddingModel;
import dev.colloquy.kernel.knowledge.EmbeddingModels;
import dev.colloquy.kernel.knowledge.RecordEmbedding;
import dev.colloquy.projections.knowledge.EmbeddingWork;
import dev.colloquy.projections.knowledge.KnowledgeProgress;
import dev.colloquy.query.knowledge.KnowledgeQueries;
import dev.colloquy.query.knowledge.KnowledgeSearch;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Knowledge bases: the embedding models, the embedding workers, search and read-your-writes. */
@Configuration
public class KnowledgeConfiguration {
    /** Who charges a document's embedding: the workers, on behalf of whoever added it (the event names them). */
    static final String EMBEDDING_ACTOR = "system:embedding";

    @Bean
    public EmbeddingModels embeddingModels(ColloquyProperties properties) {
        List<EmbeddingModel> models = properties.knowledge().embeddingModels().stream()
                .map(spec -> embeddingModel(spec, properties.openai())).toList();
        return new EmbeddingModels(models, properties.knowledge().embeddingModels().stream()
                .filter(spec -> spec.usdPerMillionTokens() != null)
                .collect(Collectors.toMap(ColloquyProperties.EmbeddingSpec::id,
                        ColloquyProperties.EmbeddingSpec::usdPerMillionTokens)));
    }

    private static EmbeddingModel embeddingModel(ColloquyProperties.EmbeddingSpec spec,
                                                 ColloquyProperties.OpenAi openai) {
        return switch (spec.provider()) {
            case "local" -> new LocalEmbeddingModel(spec.id());
            case "openai" -> {
                if (openai == null || openai.baseUrl() == null || openai.baseUrl().isBlank()) {
                    throw new IllegalStateException("embedding model " + spec.id()
                            + " is an openai one, but colloquy.openai.base-url is not set");
                }
                String key = openai.apiKey() == null || openai.apiKey().isBlank() ? "not-needed" : openai.apiKey();
                yield new OpenAiEmbeddingModel(spec.id(), spec.upstreamName(), spec.dimensions(), openai.baseUrl(),
                        key, openai.timeout());
            }
            default -> throw new IllegalStateException("embedding model " + spec.id() + ": unknown provider "
                    + spec.provider() + " (local or openai)");
        };
    }

    @Bean
    public EmbeddingWork embeddingWork(Jdbi jdbi, EmbeddingModels models, ColloquyProperties properties,
                                       CommandGateway commands) {
        return new EmbeddingWork(jdbi, models, properties.knowledge().idlePause(),
                (documentId, tenantId, model, tokens, cost) -> commands.sendAndWait(asCommandMessage(
                        new RecordEmbedding(documentId, model, tokens, cost)).andMetaData(MetadataKeys.origin(
                        tenantId, EMBEDDING_ACTOR, "embedding-" + UUID.randomUUID()))));
    }

    @Bean
    public KnowledgeSearch knowledgeSearch(Jdbi jdbi, EmbeddingModels models) {
        return new KnowledgeSearch(jdbi, models);
    }

    @Bean
    public Retrieval retrieval(KnowledgeQueries queries, KnowledgeSearch search) {
        return new KnowledgeRetrieval(queries, search);
    }

    @Bean
    public KnowledgeProgress knowledgeProgress(Jdbi jdbi, ColloquyProperties properties) {
        return new KnowledgeProgress(jdbi, properties.replies().readYourWritesWait());
    }

    @Bean
    public KnowledgeBarrier knowledgeBarrier(KnowledgeProgress progress) {
        return new KnowledgeBarrier() {
            @Override
            public void awaitBase(String knowledgeBaseId, long version) {
                progress.awaitBase(knowledgeBaseId, version);
            }

            @Override
            public void awaitDocument(String documentId, long version) {
                progress.awaitDocument(documentId, version);
            }
        };
    }
}
