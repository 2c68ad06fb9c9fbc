package dev.colloquy.infra.knowledge;

import dev.colloquy.command.reply.Retrieval;
import dev.colloquy.query.knowledge.KnowledgeQueries;
import dev.colloquy.query.knowledge.KnowledgeSearch;
import java.util.List;

/** A reply's sources from the query side's hybrid search, over the bases the user may read at this moment. */
public class KnowledgeRetrieval implements Retrieval {
    private final KnowledgeQueries queries;
    private final KnowledgeSearch search;

    public KnowledgeRetrieval(KnowledgeQueries queries, KnowledgeSearch search) {
        this.queries = queries;
        this.search = search;
    }

    @Override
    public Retrieved retrieve(String tenantId, String userId, List<String> knowledgeBaseIds, String query, int topK) {
        List<KnowledgeSearch.Base> bases = queries.searchable(tenantId, userId, knowledgeBaseIds);
        KnowledgeSearch.Found found = search.find(bases, query, topK, KnowledgeSearch.Mode.HYBRID);
        return new Retrieved(found.hits().stream()
                .map(hit -> new Passage(hit.documentId(), hit.knowledgeBaseId(), hit.title(), hit.chunkId(),
                        hit.text(), hit.score()))
                .toList(), found.embeddingModel(), found.embeddingTokens(), found.embeddingCostUsd());
    }
}
