package dev.colloquy.command.knowledge;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.query.FindKnowledgeBase;
import dev.colloquy.kernel.query.KnowledgeBaseView;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Checks the knowledge bases a conversation is to draw on: each one the caller may read (their own, or one the
 * tenant shares), else 404 as for any knowledge base they cannot see. Retrieval checks again at every reply, so
 * a base deleted or unshared afterwards is never read.
 */
@Component
public class KnowledgeChoice {
    public static final int MAX_BASES = 8;

    private final QueryGateway queries;

    public KnowledgeChoice(QueryGateway queries) {
        this.queries = queries;
    }

    /** The ids as given, without repeats; none for null. */
    public List<String> readable(Caller caller, List<String> knowledgeBaseIds) {
        if (knowledgeBaseIds == null) {
            return List.of();
        }
        if (knowledgeBaseIds.size() > MAX_BASES) {
            throw ColloquyException.invalid("knowledgeBaseIds",
                    "a conversation draws on at most " + MAX_BASES + " knowledge bases");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String id : knowledgeBaseIds) {
            ids.add(EntityId.parse(id, "knowledgeBaseIds"));
        }
        for (String id : ids) {
            queries.query(new FindKnowledgeBase(caller.tenantId(), caller.userId(), id),
                            ResponseTypes.optionalInstanceOf(KnowledgeBaseView.class)).join()
                    .orElseThrow(() -> ColloquyException.notFound("knowledge base"));
        }
        return List.copyOf(ids);
    }
}
