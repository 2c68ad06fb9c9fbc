package dev.colloquy.query.conversation;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.IntegerParameter;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.query.search.SearchText;
import dev.colloquy.kernel.query.ConversationPage;
import dev.colloquy.kernel.query.ConversationPath;
import dev.colloquy.kernel.query.ConversationTree;
import dev.colloquy.kernel.query.FindConversation;
import dev.colloquy.kernel.query.FindPath;
import dev.colloquy.kernel.query.FindReply;
import dev.colloquy.kernel.query.ListConversations;
import dev.colloquy.kernel.query.ReplyView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ConversationQueryController {
    private static final int MAX_PAGE = 100;

    private final QueryGateway queries;

    public ConversationQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/conversations")
    public ConversationPage list(Caller caller, @RequestParam(defaultValue = "20") String limit,
                                 @RequestParam(defaultValue = "0") String offset,
                                 @RequestParam(required = false) String q) {
        int size = IntegerParameter.parse(limit, "limit", 1, MAX_PAGE);
        int skip = IntegerParameter.parse(offset, "offset", 0, Integer.MAX_VALUE);
        SearchText.checked(q);
        return queries.query(new ListConversations(caller.tenantId(), caller.userId(), q, size, skip),
                ConversationPage.class).join();
    }

    @GetMapping("/api/v1/conversations/{id}")
    public ConversationTree get(Caller caller, @PathVariable String id) {
        return queries.query(new FindConversation(caller.tenantId(), caller.userId(), EntityId.parse(id, "id")),
                        ResponseTypes.optionalInstanceOf(ConversationTree.class)).join()
                .orElseThrow(() -> ColloquyException.notFound("conversation"));
    }

    @GetMapping("/api/v1/conversations/{id}/path")
    public ConversationPath path(Caller caller, @PathVariable String id,
                                 @RequestParam(required = false) String leaf) {
        String leafId = leaf == null ? null : EntityId.parse(leaf, "leaf");
        return queries.query(new FindPath(caller.tenantId(), caller.userId(), EntityId.parse(id, "id"), leafId),
                        ResponseTypes.optionalInstanceOf(ConversationPath.class)).join()
                .orElseThrow(() -> ColloquyException.notFound("conversation or message"));
    }

    @GetMapping("/api/v1/replies/{id}")
    public ReplyView reply(Caller caller, @PathVariable String id) {
        return queries.query(new FindReply(caller.tenantId(), caller.userId(), EntityId.parse(id, "id")),
                        ResponseTypes.optionalInstanceOf(ReplyView.class)).join()
                .orElseThrow(() -> ColloquyException.notFound("reply"));
    }
}
