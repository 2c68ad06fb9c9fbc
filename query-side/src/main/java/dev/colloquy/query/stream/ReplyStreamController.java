package dev.colloquy.query.stream;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.query.FindReply;
import dev.colloquy.kernel.query.ReplyView;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/replies/{id}/stream}: the reply's deltas as SSE ({@code id:} = sequence number), then one
 * terminal event. A client that disconnects stops only its own subscription, never the generation.
 */
@RestController
public class ReplyStreamController {
    private static final Logger log = LoggerFactory.getLogger(ReplyStreamController.class);

    private final QueryGateway queries;
    private final ReplyFanOut fanOut;
    private final Duration heartbeat;

    public ReplyStreamController(QueryGateway queries, ReplyFanOut fanOut, StreamHeartbeat heartbeat) {
        this.queries = queries;
        this.fanOut = fanOut;
        this.heartbeat = heartbeat.interval();
    }

    /** How often an idle stream gets a comment line, so proxies keep it open. */
    public record StreamHeartbeat(Duration interval) {
    }

    @GetMapping(path = "/api/v1/replies/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter stream(Caller caller, @PathVariable String id,
                             @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                             HttpServletResponse response) {
        String replyId = EntityId.parse(id, "id");
        long after = position(lastEventId);
        ReplyView reply = queries.query(new FindReply(caller.tenantId(), caller.userId(), replyId),
                        ResponseTypes.optionalInstanceOf(ReplyView.class)).join()
                .orElseThrow(() -> ColloquyException.notFound("reply"));
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("Cache-Control", "no-cache");
        SseEmitter emitter = new SseEmitter(Duration.ofHours(1).toMillis());
        Thread.ofVirtual().name("sse-" + replyId).start(() -> pump(emitter, caller, reply, after));
        return emitter;
    }

    private void pump(SseEmitter emitter, Caller caller, ReplyView reply, long after) {
        try {
            ReplyFeed feed = fanOut.feed(reply.id()).orElseGet(() -> feedFor(reply));
            long position = after;
            // A subscriber resuming had the notices with the text it already has.
            int noticesSent = position == 0 ? 0 : feed.notices().size();
            while (true) {
                ReplyFeed.Batch batch = feed.awaitAfter(position, noticesSent, heartbeat);
                for (StreamEvent notice : batch.notices()) {
                    emitter.send(SseEmitter.event().name(notice.name()).data(notice.data(), MediaType.APPLICATION_JSON));
                    noticesSent++;
                }
                for (ReplyFeed.Delta delta : batch.deltas()) {
                    send(emitter, delta.seq(), delta.text());
                    position = delta.seq();
                }
                if (batch.terminal() != null) {
                    emitter.send(SseEmitter.event().name(batch.terminal().name())
                            .data(batch.terminal().data(), MediaType.APPLICATION_JSON));
                    emitter.complete();
                    return;
                }
                if (batch.closed()) {
                    emitter.complete();
                    return;
                }
                if (batch.isEmpty()) {
                    endIfStored(caller, reply.id());
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                }
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("subscriber of reply {} went away", reply.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        }
    }

    /**
     * A feed for a reply this node does not stream. One that already ended (before this node kept its deltas,
     * or after it dropped them) is finished at once from the read model, whose text the feed delivers as the
     * first delta. One still in progress is generated on another node (or soon will be): watched.
     */
    private ReplyFeed feedFor(ReplyView reply) {
        StreamEvent ended = StreamEvent.of(reply);
        if (ended == null) {
            return fanOut.watch(reply.id());
        }
        ReplyFeed feed = fanOut.open(reply.id());
        if (!reply.citations().isEmpty() && feed.notices().isEmpty()) {
            feed.notice(new StreamEvent("citations", Map.of("replyId", reply.id(), "citations", reply.citations())));
        }
        feed.finish(ended);
        return feed;
    }

    /** A mirror idle for a heartbeat asks the store whether its reply ended meanwhile: no stream waits for ever. */
    private void endIfStored(Caller caller, String replyId) {
        if (fanOut.isWatching(replyId)) {
            queries.query(new FindReply(caller.tenantId(), caller.userId(), replyId),
                            ResponseTypes.optionalInstanceOf(ReplyView.class)).join()
                    .map(StreamEvent::of).ifPresent(ended -> fanOut.endedInStore(replyId, ended));
        }
    }

    private static void send(SseEmitter emitter, long seq, String text) throws IOException {
        emitter.send(SseEmitter.event().id(Long.toString(seq)).name("delta")
                .data(Map.of("seq", seq, "text", text), MediaType.APPLICATION_JSON));
    }

    private static long position(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        try {
            long value = Long.parseLong(lastEventId.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ColloquyException.invalid("Last-Event-ID", "Last-Event-ID must be a sequence number");
    }
}
