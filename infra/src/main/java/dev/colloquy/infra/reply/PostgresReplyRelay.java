package dev.colloquy.infra.reply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.colloquy.command.reply.ReplyCancellation;
import dev.colloquy.command.reply.ReplyCheckpoints;
import dev.colloquy.command.reply.ReplyOwners;
import dev.colloquy.query.stream.ReplyFanOut;
import dev.colloquy.query.stream.ReplyRelay;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reply streams and cancels across nodes on PostgreSQL's {@code LISTEN/NOTIFY}, with no broker to run. Requests
 * (watch, generating, cancel) go to one channel every node listens to; a reply's deltas and ending go to a
 * channel of its own, which only the nodes watching it listen to. All of a node's notifications leave through one
 * connection, in order, so a watcher gets a reply's history, then its next deltas, then its ending, as sent.
 */
public class PostgresReplyRelay implements ReplyRelay, ReplyOwners, SmartLifecycle {
    static final String REQUESTS = "colloquy_reply_requests";
    private static final Logger log = LoggerFactory.getLogger(PostgresReplyRelay.class);
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);
    /** Room for a notice's data in one notification, whose payload PostgreSQL limits to 8000 bytes. */
    private static final int MAX_NOTICE_BYTES = 6000;

    private final DataSource dataSource;
    private final ReplyCheckpoints checkpoints;
    private final Duration staleAfter;
    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<String[]> outbox = new LinkedBlockingQueue<>();
    /** LISTEN / UNLISTEN statements for the listening connection, which only its own thread may use. */
    private final ConcurrentLinkedQueue<Runnable> subscriptions = new ConcurrentLinkedQueue<>();
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private volatile ReplyFanOut fanOut;
    private volatile Supplier<ReplyCancellation> cancellation;
    private volatile boolean running;
    /** The connection LISTENing; used by the listening thread only. */
    private Connection listening;
    private Thread listener;
    private Thread sender;

    public PostgresReplyRelay(DataSource dataSource, ReplyCheckpoints checkpoints, Duration staleAfter) {
        this.dataSource = dataSource;
        this.checkpoints = checkpoints;
        this.staleAfter = staleAfter;
    }

    /** Where what other nodes send is delivered; set once both exist (each needs the other). */
    void deliverTo(ReplyFanOut fanOut, Supplier<ReplyCancellation> cancellation) {
        this.fanOut = fanOut;
        this.cancellation = cancellation;
    }

    @Override
    public void watch(String replyId, long after) {
        // Listening first, so that the history the generating node sends in answer cannot pass us by.
        if (watched.add(replyId)) {
            subscriptions.add(() -> listen("listen " + channel(replyId)));
        }
        subscriptions.add(() -> send(REQUESTS, Map.of("k", "watch", "r", replyId, "a", after)));
    }

    @Override
    public void generating(String replyId) {
        send(REQUESTS, Map.of("k", "gen", "r", replyId));
    }

    @Override
    public void unwatch(String replyId) {
        if (watched.remove(replyId)) {
            subscriptions.add(() -> listen("unlisten " + channel(replyId)));
        }
    }

    /**
     * A notification holds at most 8000 bytes: a notice too large for one (the citations of many long passages)
     * goes with its snippets shortened, the watcher's subscribers read them whole in {@code GET /replies/{id}}.
     */
    @Override
    public void notice(String replyId, String name, Map<String, Object> data) {
        JsonNode tree = json.valueToTree(data);
        while (tree.toString().getBytes(StandardCharsets.UTF_8).length > MAX_NOTICE_BYTES
                && shortenSnippets(tree)) {
            // shortened once more
        }
        send(channel(replyId), Map.of("k", "n", "r", replyId, "e", name, "d", tree));
    }

    /** Halves every {@code snippet} text in the tree; false when none is left to shorten. */
    private static boolean shortenSnippets(JsonNode node) {
        boolean shortened = false;
        if (node instanceof ObjectNode object
                && object.get("snippet") instanceof TextNode snippet
                && snippet.asText().length() > 16) {
            String text = snippet.asText();
            object.put("snippet", text.substring(0, text.length() / 2) + "…");
            shortened = true;
        }
        for (JsonNode child : node) {
            shortened |= shortenSnippets(child);
        }
        return shortened;
    }

    @Override
    public void delta(String replyId, long seq, String text) {
        send(channel(replyId), Map.of("k", "d", "r", replyId, "s", seq, "t", text));
    }

    @Override
    public void ended(String replyId, String name, Map<String, Object> data, long lastSeq) {
        send(channel(replyId), Map.of("k", "end", "r", replyId, "e", name, "d", data, "n", lastSeq));
    }

    @Override
    public boolean cancelElsewhere(String replyId, String tenantId, String userId) {
        return checkpoints.generatingElsewhere(replyId, staleAfter).map(node -> {
            send(REQUESTS, Map.of("k", "cancel", "r", replyId, "t", tenantId, "u", userId, "n", node));
            return true;
        }).orElse(false);
    }

    private void received(PGNotification notification) {
        try {
            dispatch(json.readTree(notification.getParameter()), notification.getName());
        } catch (JsonProcessingException | RuntimeException e) {
            // one message this node cannot take must not stop it hearing the others
            log.warn("reply relay message on {} not handled: {}", notification.getName(), e.toString());
        }
    }

    private void dispatch(JsonNode message, String channel) {
        String replyId = message.path("r").asText();
        switch (message.path("k").asText()) {
            case "watch" -> fanOut.watched(replyId, message.path("a").asLong());
            case "gen" -> fanOut.generationStarted(replyId);
            case "n" -> fanOut.mirroredNotice(replyId, message.path("e").asText(),
                    json.convertValue(message.path("d"), Map.class));
            case "d" -> fanOut.mirrored(replyId, message.path("s").asLong(), message.path("t").asText());
            case "end" -> fanOut.mirrorEnded(replyId, message.path("e").asText(),
                    json.convertValue(message.path("d"), Map.class), message.path("n").asLong());
            case "cancel" -> {
                if (checkpoints.nodeId().equals(message.path("n").asText())) {
                    // Off the listening thread: recording the cancel sends a command and waits for it.
                    Thread.ofVirtual().name("remote-cancel").start(() -> cancellation.get().cancelHere(
                            message.path("t").asText(), message.path("u").asText(), replyId));
                }
            }
            default -> log.warn("unknown reply relay message on {}", channel);
        }
    }

    /** One channel per reply, named by its id (hex without dashes: a plain identifier). */
    static String channel(String replyId) {
        return "colloquy_r_" + replyId.replace("-", "");
    }

    private void send(String channel, Map<String, Object> message) {
        try {
            outbox.add(new String[] {channel, json.writeValueAsString(new LinkedHashMap<>(message))});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void listen(String statement) {
        try (Statement listen = listening.createStatement()) {
            listen.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void listenLoop() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                listening = connection;
                listen("listen " + REQUESTS);
                // after a reconnect: listen again to what is watched, and ask again from where each feed stands
                watched.forEach(replyId -> {
                    listen("listen " + channel(replyId));
                    fanOut.generationStarted(replyId);
                });
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    for (Runnable subscription = subscriptions.poll(); subscription != null;
                         subscription = subscriptions.poll()) {
                        subscription.run();
                    }
                    PGNotification[] notifications = postgres.getNotifications(50);
                    for (PGNotification notification : notifications == null ? new PGNotification[0]
                            : notifications) {
                        received(notification);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                pauseAfter("listening", e);
            }
        }
    }

    private void sendLoop() {
        while (running) {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
                connection.setAutoCommit(true);
                while (running) {
                    String[] next = outbox.take();
                    notify.setString(1, next[0]);
                    notify.setString(2, next[1]);
                    notify.execute();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                pauseAfter("sending", e);
            }
        }
    }

    private void pauseAfter(String what, Exception e) {
        if (!running) {
            return;
        }
        log.warn("reply relay stopped {} ({}); streams of replies on other nodes wait until it is back",
                what, e.toString());
        try {
            Thread.sleep(RECONNECT_AFTER);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofPlatform().daemon().name("reply-relay-listen").start(this::listenLoop);
        sender = Thread.ofPlatform().daemon().name("reply-relay-send").start(this::sendLoop);
    }

    @Override
    public void stop() {
        running = false;
        listener.interrupt();
        sender.interrupt();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
