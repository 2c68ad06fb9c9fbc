package dev.colloquy.command.knowledge;

import dev.colloquy.command.plan.KnowledgeLimits;
import dev.colloquy.command.plan.ModelAccess;
import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.PlainText;
import dev.colloquy.kernel.account.Role;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.knowledge.AddDocument;
import dev.colloquy.kernel.knowledge.ChangeKnowledgeBase;
import dev.colloquy.kernel.knowledge.CreateKnowledgeBase;
import dev.colloquy.kernel.knowledge.DeleteKnowledgeBase;
import dev.colloquy.kernel.knowledge.EmbeddingModels;
import dev.colloquy.kernel.knowledge.RemoveDocument;
import dev.colloquy.kernel.query.FindKnowledgeBase;
import dev.colloquy.kernel.query.KnowledgeBaseView;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Knowledge bases and their documents over HTTP; tenant and user from the verified token, never the body. */
@RestController
public class KnowledgeController {
    private static final int MAX_NAME = 200;
    private static final int MAX_DESCRIPTION = 2_000;
    private static final int MAX_SOURCE = 2_000;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final KnowledgeBarrier barrier;
    private final EmbeddingModels embeddings;
    private final ModelAccess plans;
    private final DocumentReader reader = new DocumentReader();

    public KnowledgeController(CommandGateway commands, QueryGateway queries, KnowledgeBarrier barrier,
                               EmbeddingModels embeddings, ModelAccess plans) {
        this.commands = commands;
        this.queries = queries;
        this.barrier = barrier;
        this.embeddings = embeddings;
        this.plans = plans;
    }

    public record BaseRequest(String name, String description, Boolean shared, String embeddingModel) {
    }

    public record TextDocument(String title, String text, String source) {
    }

    public record Accepted(String id, String status) {
    }

    @PostMapping("/api/v1/knowledge-bases")
    public ResponseEntity<KnowledgeBaseView> create(Caller caller, @RequestBody BaseRequest request) {
        String name = name(request.name());
        boolean shared = Boolean.TRUE.equals(request.shared());
        requireSharingRight(caller, shared);
        String model = request.embeddingModel() == null ? embeddings.defaultModel().id()
                : embeddingModel(request.embeddingModel());
        String id = EntityId.random();
        commands.sendAndWait(new CreateKnowledgeBase(id, caller.tenantId(), caller.userId(), name,
                description(request.description()), shared, model));
        barrier.awaitBase(id, 0);
        return ResponseEntity.created(URI.create("/api/v1/knowledge-bases/" + id)).body(view(caller, id));
    }

    @PatchMapping("/api/v1/knowledge-bases/{id}")
    public KnowledgeBaseView change(Caller caller, @PathVariable String id, @RequestBody BaseRequest request) {
        String baseId = EntityId.parse(id, "id");
        if (request.shared() != null) {
            requireSharingRight(caller, request.shared());
        }
        long version = commands.<Long>sendAndWait(new ChangeKnowledgeBase(baseId, caller.tenantId(),
                caller.userId(), isAdmin(caller), request.name() == null ? null : name(request.name()),
                description(request.description()), request.shared(),
                request.embeddingModel() == null ? null : embeddingModel(request.embeddingModel())));
        barrier.awaitBase(baseId, version);
        return view(caller, baseId);
    }

    @DeleteMapping("/api/v1/knowledge-bases/{id}")
    public ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        String baseId = EntityId.parse(id, "id");
        commands.sendAndWait(new DeleteKnowledgeBase(baseId, caller.tenantId(), caller.userId(), isAdmin(caller)));
        barrier.awaitBase(baseId, KnowledgeBarrier.GONE);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/api/v1/knowledge-bases/{id}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<Accepted> upload(Caller caller, @PathVariable String id,
                                           @RequestPart(name = "file", required = false) MultipartFile file)
            throws IOException {
        if (file == null || file.isEmpty()) {
            throw ColloquyException.invalid("file", "a non-empty file part is required");
        }
        KnowledgeLimits limits = plans.plan(caller).knowledge();
        if (file.getSize() > limits.maxDocumentBytes()) {
            throw new ColloquyException(ErrorCode.PAYLOAD_TOO_LARGE, "a document may have at most "
                    + limits.maxDocumentBytes() + " bytes on your plan",
                    Map.of("limit", "max-document-bytes", "limitValue", limits.maxDocumentBytes()));
        }
        DocumentReader.Read read = reader.read(file.getBytes(), file.getOriginalFilename());
        return add(caller, id, read, file.getSize(), null, limits);
    }

    @PostMapping(path = "/api/v1/knowledge-bases/{id}/documents", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Accepted> write(Caller caller, @PathVariable String id, @RequestBody TextDocument body) {
        if (body.text() == null || body.text().isBlank()) {
            throw ColloquyException.invalid("text", "text must not be empty");
        }
        String title = body.title() == null || body.title().isBlank() ? "Untitled" : body.title();
        PlainText.requireSingleLine("title", title);
        if (title.length() > MAX_NAME) {
            throw ColloquyException.invalid("title", "title may have at most " + MAX_NAME + " characters");
        }
        if (body.source() != null) {
            PlainText.requireSingleLine("source", body.source());
            if (body.source().length() > MAX_SOURCE) {
                throw ColloquyException.invalid("source", "source may have at most " + MAX_SOURCE + " characters");
            }
        }
        KnowledgeLimits limits = plans.plan(caller).knowledge();
        long bytes = body.text().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxDocumentBytes()) {
            throw new ColloquyException(ErrorCode.PAYLOAD_TOO_LARGE, "a document may have at most "
                    + limits.maxDocumentBytes() + " bytes on your plan",
                    Map.of("limit", "max-document-bytes", "limitValue", limits.maxDocumentBytes()));
        }
        return add(caller, id, reader.readText(title, body.text()), bytes, body.source(), limits);
    }

    @DeleteMapping("/api/v1/documents/{id}")
    public ResponseEntity<Void> remove(Caller caller, @PathVariable String id) {
        String documentId = EntityId.parse(id, "id");
        commands.sendAndWait(new RemoveDocument(documentId, caller.tenantId(), caller.userId(), isAdmin(caller)));
        barrier.awaitDocument(documentId, KnowledgeBarrier.GONE);
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<Accepted> add(Caller caller, String id, DocumentReader.Read read, long bytes,
                                         String source, KnowledgeLimits limits) {
        String baseId = EntityId.parse(id, "id");
        if (read.failure() == null && read.text().isBlank()) {
            throw ColloquyException.invalid("file", "the document has no text");
        }
        String documentId = EntityId.random();
        commands.sendAndWait(new DocumentIntake.Admission(new AddDocument(documentId, baseId, caller.tenantId(),
                caller.userId(), isAdmin(caller), title(read.title()), read.mediaType(), bytes, source, read.text(),
                read.failure()), limits));
        barrier.awaitDocument(documentId, 0);
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/documents/" + documentId))
                .body(new Accepted(documentId, read.failure() == null ? "processing" : "failed"));
    }

    private KnowledgeBaseView view(Caller caller, String id) {
        return queries.query(new FindKnowledgeBase(caller.tenantId(), caller.userId(), id),
                        ResponseTypes.optionalInstanceOf(KnowledgeBaseView.class)).join()
                .orElseThrow(() -> ColloquyException.notFound("knowledge base"));
    }

    private static boolean isAdmin(Caller caller) {
        return caller.has(Role.TENANT_ADMIN);
    }

    private static void requireSharingRight(Caller caller, boolean shared) {
        if (shared && !isAdmin(caller)) {
            throw new ColloquyException(ErrorCode.FORBIDDEN, "only a tenant admin shares a knowledge base");
        }
    }

    private String embeddingModel(String id) {
        return embeddings.find(id).orElseThrow(() -> ColloquyException.invalid("embeddingModel",
                "unknown embedding model " + id)).id();
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw ColloquyException.invalid("name", "name must not be empty");
        }
        PlainText.requireSingleLine("name", name);
        if (name.length() > MAX_NAME) {
            throw ColloquyException.invalid("name", "name may have at most " + MAX_NAME + " characters");
        }
        return name.strip();
    }

    private static String description(String description) {
        if (description == null) {
            return null;
        }
        PlainText.requireProse("description", description);
        if (description.length() > MAX_DESCRIPTION) {
            throw ColloquyException.invalid("description",
                    "description may have at most " + MAX_DESCRIPTION + " characters");
        }
        return description;
    }

    /** A file's own title may be long or odd: it is cut to one clean line. */
    private static String title(String title) {
        String line = title == null ? "" : title.replaceAll("\\p{Cntrl}+", " ").strip();
        line = line.isEmpty() ? "Untitled" : line;
        return line.length() > MAX_NAME ? line.substring(0, MAX_NAME) : line;
    }
}
