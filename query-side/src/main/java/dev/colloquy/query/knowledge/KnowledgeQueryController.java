package dev.colloquy.query.knowledge;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.PlainText;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.query.FindKnowledgeBase;
import dev.colloquy.kernel.query.KnowledgeBaseView;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Reading and searching knowledge bases; another tenant's, or another user's private one, is 404. */
@RestController
public class KnowledgeQueryController {
    static final int MAX_QUERY_CHARS = 2_000;

    private final KnowledgeQueries queries;
    private final KnowledgeSearch search;
    private final SearchLog log;

    public KnowledgeQueryController(KnowledgeQueries queries, KnowledgeSearch search, SearchLog log) {
        this.queries = queries;
        this.search = search;
        this.log = log;
    }

    public record Page<T>(List<T> items, int total) {
    }

    public record SearchRequest(String query, Integer topK, String mode) {
    }

    public record SearchResults(String mode, List<KnowledgeSearch.Hit> results) {
    }

    @GetMapping("/api/v1/knowledge-bases")
    public Page<KnowledgeBaseView> list(Caller caller) {
        List<KnowledgeBaseView> bases = queries.bases(caller.tenantId(), caller.userId());
        return new Page<>(bases, bases.size());
    }

    @GetMapping("/api/v1/knowledge-bases/{id}")
    public KnowledgeBaseView get(Caller caller, @PathVariable String id) {
        return queries.handle(new FindKnowledgeBase(caller.tenantId(), caller.userId(), EntityId.parse(id, "id")))
                .orElseThrow(() -> ColloquyException.notFound("knowledge base"));
    }

    @GetMapping("/api/v1/knowledge-bases/{id}/documents")
    public Page<KnowledgeQueries.DocumentView> documents(Caller caller, @PathVariable String id) {
        List<KnowledgeQueries.DocumentView> documents = queries.documents(caller.tenantId(), caller.userId(),
                EntityId.parse(id, "id")).orElseThrow(() -> ColloquyException.notFound("knowledge base"));
        return new Page<>(documents, documents.size());
    }

    @GetMapping("/api/v1/documents/{id}")
    public KnowledgeQueries.DocumentView document(Caller caller, @PathVariable String id) {
        return queries.document(caller.tenantId(), caller.userId(), EntityId.parse(id, "id"))
                .orElseThrow(() -> ColloquyException.notFound("document"));
    }

    @PostMapping("/api/v1/knowledge-bases/{id}/search")
    public SearchResults search(Caller caller, @PathVariable String id, @RequestBody SearchRequest request) {
        String query = request.query() == null ? "" : request.query().strip();
        if (query.isEmpty()) {
            throw ColloquyException.invalid("query", "query must not be empty");
        }
        PlainText.requireProse("query", query);
        if (query.length() > MAX_QUERY_CHARS) {
            throw ColloquyException.invalid("query", "query may have at most " + MAX_QUERY_CHARS + " characters");
        }
        int topK = request.topK() == null ? 5 : request.topK();
        if (topK < 1 || topK > 50) {
            throw ColloquyException.invalid("topK", "topK must be from 1 to 50");
        }
        KnowledgeSearch.Mode mode = mode(request.mode());
        KnowledgeSearch.Base base = queries.searchable(caller.tenantId(), caller.userId(), EntityId.parse(id, "id"))
                .orElseThrow(() -> ColloquyException.notFound("knowledge base"));
        KnowledgeSearch.Found found = search.find(List.of(base), query, topK, mode);
        log.record(caller, List.of(base.id()), query, topK, mode, found);
        return new SearchResults(mode.name().toLowerCase(Locale.ROOT), found.hits());
    }

    private static KnowledgeSearch.Mode mode(String mode) {
        if (mode == null) {
            return KnowledgeSearch.Mode.HYBRID;
        }
        try {
            return KnowledgeSearch.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ColloquyException(dev.colloquy.kernel.error.ErrorCode.VALIDATION_ERROR,
                    "mode must be hybrid, semantic or keyword", Map.of("field", "mode"));
        }
    }
}
