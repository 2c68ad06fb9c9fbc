package dev.colloquy.query.knowledge;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.knowledge.KnowledgeSearched;
import java.util.List;
import java.util.Locale;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.stereotype.Component;

/**
 * Records each search of knowledge bases as a {@link KnowledgeSearched} event, stored before the passages are
 * sent: if the record cannot be stored the searcher gets an error, never unrecorded passages.
 */
@Component
public class SearchLog {
    private final EventGateway events;

    public SearchLog(EventGateway events) {
        this.events = events;
    }

    public void record(Caller searcher, List<String> knowledgeBaseIds, String query, int topK,
                       KnowledgeSearch.Mode mode, KnowledgeSearch.Found found) {
        events.publish(new KnowledgeSearched(searcher.tenantId(), searcher.userId(), knowledgeBaseIds,
                mode.name().toLowerCase(Locale.ROOT), topK, found.hits().size(), query, found.embeddingModel(),
                found.embeddingTokens(), found.embeddingCostUsd()));
    }
}
