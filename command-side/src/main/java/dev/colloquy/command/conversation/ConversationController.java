package dev.colloquy.command.conversation;

import dev.colloquy.command.account.AccountCache;
import dev.colloquy.command.guard.InputGuard;
import dev.colloquy.command.guard.ScreenedInput;
import dev.colloquy.command.knowledge.KnowledgeChoice;
import dev.colloquy.command.model.ModelSpec;
import dev.colloquy.command.plan.ModelAccess;
import dev.colloquy.command.quota.ChatAdmission;
import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.ContentDigest;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.conversation.ChooseKnowledge;
import dev.colloquy.kernel.conversation.DeleteDialogue;
import dev.colloquy.kernel.conversation.ForkFromMessage;
import dev.colloquy.kernel.conversation.InputScreening;
import dev.colloquy.kernel.conversation.MessageAccepted;
import dev.colloquy.kernel.conversation.PostMessage;
import dev.colloquy.kernel.conversation.RecordRejectedMessage;
import dev.colloquy.kernel.conversation.RenameDialogue;
import dev.colloquy.kernel.conversation.RestoreDialogue;
import dev.colloquy.kernel.conversation.StartDialogue;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The commands of a conversation over HTTP. Tenant and user always come from the verified token. */
@RestController
@RequestMapping("/api/v1/conversations")
public class ConversationController {
    private final CommandGateway commands;
    private final ReadModelBarrier barrier;
    private final ModelAccess models;
    private final DialogueLimits limits;
    private final InputGuard guard;
    private final AccountCache accounts;
    private final ChatAdmission admission;
    private final KnowledgeChoice knowledge;
    private final String defaultModel;

    public ConversationController(CommandGateway commands, ReadModelBarrier barrier, ModelAccess models,
                                  DialogueLimits limits, InputGuard guard, AccountCache accounts,
                                  ChatAdmission admission, KnowledgeChoice knowledge, DefaultModel defaultModel) {
        this.commands = commands;
        this.barrier = barrier;
        this.models = models;
        this.limits = limits;
        this.guard = guard;
        this.accounts = accounts;
        this.admission = admission;
        this.knowledge = knowledge;
        this.defaultModel = defaultModel.id();
    }

    public record StartRequest(String title, String model, String systemPrompt, List<String> knowledgeBaseIds) {
    }

    public record Started(String id, String title, String model, String systemPrompt,
                          List<String> knowledgeBaseIds) {
    }

    public record PostRequest(String content, String parentMessageId, String clientMessageId) {
    }

    public record Posted(String conversationId, String messageId, String replyId, String streamUrl) {
    }

    public record ForkRequest(String messageId) {
    }

    /** Either or both: a new title, the knowledge bases its replies draw on from now on. */
    public record ChangeRequest(String title, List<String> knowledgeBaseIds) {
    }

    /** The model new conversations get when the request names none. */
    public record DefaultModel(String id) {
    }

    @PostMapping
    public ResponseEntity<Started> start(Caller caller, @RequestBody(required = false) StartRequest request) {
        StartRequest body = request == null ? new StartRequest(null, null, null, null) : request;
        String model = body.model() == null ? defaultModel : body.model();
        models.require(caller, model);
        limits.checkTitle(body.title());
        limits.checkSystemPrompt(body.systemPrompt());
        List<String> bases = knowledge.readable(caller, body.knowledgeBaseIds());
        String id = EntityId.random();
        commands.sendAndWait(new StartDialogue(id, caller.tenantId(), caller.userId(), body.title(), model,
                body.systemPrompt(), bases));
        barrier.awaitConversation(id, bases.isEmpty() ? 0 : 1);
        return ResponseEntity.created(URI.create("/api/v1/conversations/" + id))
                .body(new Started(id, body.title(), model, body.systemPrompt(), bases));
    }

    /**
     * A chat turn. Rate limits are checked first, so that even a flood of bad requests is throttled; the
     * quota is reserved by the conversation as it accepts the message.
     */
    @PostMapping("/{id}/messages")
    public ResponseEntity<Posted> post(Caller caller, @PathVariable String id, @RequestBody PostRequest request) {
        ChatAdmission.Ticket ticket = admission.admit(caller);
        String conversationId = EntityId.parse(id, "id");
        ScreenedInput input = guard.screen(request.content(), models.plan(caller).maxContentChars());
        String parent = request.parentMessageId() == null ? null
                : EntityId.parse(request.parentMessageId(), "parentMessageId");
        if (request.clientMessageId() != null
                && (request.clientMessageId().isBlank() || request.clientMessageId().length() > 128)) {
            throw ColloquyException.invalid("clientMessageId", "clientMessageId must have 1 to 128 characters");
        }
        if (input.scan().blocks() && accounts.guardPolicy(caller.tenantId()).blocksInjection()) {
            refuse(caller, conversationId, input);
        }
        InputScreening screening = new InputScreening(input.scan().score(), input.scan().categories(),
                input.stripped());
        List<String> allowed = models.allowed(caller).stream().map(ModelSpec::id).toList();
        MessageAccepted accepted;
        try {
            accepted = commands.sendAndWait(new PostMessage(conversationId, caller.tenantId(), caller.userId(),
                    EntityId.random(), EntityId.random(), input.text(), parent, request.clientMessageId(), screening,
                    allowed, ticket.quota(), ticket.tenantBudget(), ticket.maxConcurrentReplies()));
        } catch (RuntimeException e) {
            admission.failed(caller, conversationId, e);
            throw e;
        }
        Map<String, String> headers = admission.accepted(caller, ticket, accepted);
        barrier.awaitConversation(conversationId, accepted.version());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.ACCEPTED);
        headers.forEach((name, value) -> response.header(name, value));
        return response.body(new Posted(conversationId, accepted.messageId(),
                accepted.replyId(), "/api/v1/replies/" + accepted.replyId() + "/stream"));
    }

    /** The attempt is recorded on the conversation (not as a message), then the sender gets a 400. */
    private void refuse(Caller caller, String conversationId, ScreenedInput input) {
        commands.sendAndWait(new RecordRejectedMessage(conversationId, caller.tenantId(), caller.userId(),
                ContentDigest.sha256(input.text()), input.text().length(), input.scan().score(),
                input.scan().categories()));
        throw new ColloquyException(ErrorCode.INJECTION_BLOCKED,
                "this message looks like a prompt-injection attempt and your organisation blocks those",
                Map.of("categories", input.scan().categories(), "score", input.scan().score()));
    }

    @PostMapping("/{id}/fork")
    public ResponseEntity<Map<String, String>> fork(Caller caller, @PathVariable String id,
                                                    @RequestBody ForkRequest request) {
        String source = EntityId.parse(id, "id");
        String messageId = EntityId.parse(request.messageId(), "messageId");
        String forkId = commands.sendAndWait(new ForkFromMessage(EntityId.random(), source, messageId,
                caller.tenantId(), caller.userId()));
        barrier.awaitConversation(forkId, 0);
        return ResponseEntity.created(URI.create("/api/v1/conversations/" + forkId)).body(Map.of("id", forkId));
    }

    @PatchMapping("/{id}")
    public Map<String, Object> change(Caller caller, @PathVariable String id, @RequestBody ChangeRequest request) {
        String conversationId = EntityId.parse(id, "id");
        if (request.title() == null && request.knowledgeBaseIds() == null) {
            throw ColloquyException.invalid("title", "give a title, knowledgeBaseIds or both");
        }
        if (request.title() != null && request.title().isBlank()) {
            throw ColloquyException.invalid("title", "title must not be empty");
        }
        limits.checkTitle(request.title());
        List<String> bases = request.knowledgeBaseIds() == null ? null
                : knowledge.readable(caller, request.knowledgeBaseIds());
        Map<String, Object> changed = new LinkedHashMap<>();
        changed.put("id", conversationId);
        long version = 0;
        if (request.title() != null) {
            version = commands.<Long>sendAndWait(new RenameDialogue(conversationId, caller.tenantId(),
                    caller.userId(), request.title()));
            changed.put("title", request.title());
        }
        if (bases != null) {
            version = commands.<Long>sendAndWait(new ChooseKnowledge(conversationId, caller.tenantId(),
                    caller.userId(), bases));
            changed.put("knowledgeBaseIds", bases);
        }
        barrier.awaitConversation(conversationId, version);
        return changed;
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        String conversationId = EntityId.parse(id, "id");
        long version = commands.<Long>sendAndWait(new DeleteDialogue(conversationId, caller.tenantId(),
                caller.userId()));
        barrier.awaitConversation(conversationId, version);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/restore")
    public Map<String, String> restore(Caller caller, @PathVariable String id) {
        String conversationId = EntityId.parse(id, "id");
        long version = commands.<Long>sendAndWait(new RestoreDialogue(conversationId, caller.tenantId(),
                caller.userId()));
        barrier.awaitConversation(conversationId, version);
        return Map.of("id", conversationId);
    }
}
