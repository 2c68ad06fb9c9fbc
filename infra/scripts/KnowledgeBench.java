import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code java KnowledgeBench.java BASE_URL MODE ...}, through the API:
 * <ul>
 * <li>{@code ingest DOCUMENTS}: DOCUMENTS generated Markdown documents (six sections of prose each, the same every
 * run) are posted at once into a new knowledge base of alice's; ingestion is reported in chunks per second from
 * the first post to the last document {@code ready}; prints {@code knowledge_base=ID} last.</li>
 * <li>{@code search USER KB}: 200 searches of each mode, one after another, as USER; p50 and p99 as the client
 * sees them.</li>
 * <li>{@code ttfd USER KB TURNS}: as USER, TURNS turns (after 20 unreported) drawing on KB and as many without,
 * one after another, each the first of a new conversation; the time from posting the message to its first delta on the
 * stream, p50 and p99 of each.</li>
 * </ul>
 */
public class KnowledgeBench {
    private static final String[] WORDS = ("harbour lantern orchard granite meadow copper river saffron beacon "
            + "glacier timber compass violet thunder marble falcon ember willow quartz canyon pepper anchor "
            + "velvet cedar prism harvest summit tundra ivory basalt lagoon meteor nectar oasis pebble quiver "
            + "ribbon sparrow tulip umber vessel walnut yarrow zephyr alpine bramble cobalt dune estuary fjord")
            .split(" ");

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        switch (args[1]) {
            case "ingest" -> ingest(base, Integer.parseInt(args[2]));
            case "search" -> search(base, token(base, args[2]), args[3]);
            case "ttfd" -> timeToFirstDelta(base, token(base, args[2]), args[3], Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("mode ingest, search or ttfd");
        }
    }

    private static String token(URI base, String user) throws Exception {
        return field(send(base, "POST", "/api/v1/auth/token", null,
                "{\"username\":\"" + user + "\",\"password\":\"colloquy-demo\"}"), "access_token");
    }

    private static void ingest(URI base, int documents) throws Exception {
        String token = token(base, "alice@acme.test");
        String kb = field(send(base, "POST", "/api/v1/knowledge-bases", token, "{\"name\":\"bench\"}"), "id");
        Random random = new Random(42);
        long started = System.nanoTime();
        for (int d = 0; d < documents; d++) {
            send(base, "POST", "/api/v1/knowledge-bases/" + kb + "/documents", token,
                    "{\"title\":\"doc " + d + "\",\"text\":\"" + document(random) + "\"}");
        }
        long posted = System.nanoTime();
        while (send(base, "GET", "/api/v1/knowledge-bases/" + kb + "/documents", token, null)
                .contains("\"processing\"")) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("ingestion: documents=%d chunks=%d posted_in_s=%.1f all_ready_in_s=%.1f chunks_per_s=%.1f%n",
                documents, chunks(base, token, kb), (posted - started) / 1e9, seconds,
                chunks(base, token, kb) / seconds);
        System.out.println("knowledge_base=" + kb);
    }

    private static long chunks(URI base, String token, String kb) throws Exception {
        String view = send(base, "GET", "/api/v1/knowledge-bases/" + kb, token, null);
        return Long.parseLong(view.replaceAll(".*\"chunkCount\"\\s*:\\s*(\\d+).*", "$1"));
    }

    private static void search(URI base, String token, String kb) throws Exception {
        Random random = new Random(7);
        long chunks = chunks(base, token, kb);
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            List<Long> nanos = new ArrayList<>();
            for (int q = 0; q < 220; q++) {
                String query = WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
                long t = System.nanoTime();
                send(base, "POST", "/api/v1/knowledge-bases/" + kb + "/search", token,
                        "{\"query\":\"" + query + "\",\"topK\":5,\"mode\":\"" + mode + "\"}");
                if (q >= 20) {
                    nanos.add(System.nanoTime() - t);
                }
            }
            System.out.printf("search %s over %d chunks: %s%n", mode, chunks, percentiles(nanos));
        }
    }

    private static void timeToFirstDelta(URI base, String token, String kb, int turns) throws Exception {
        for (String knowledge : List.of("[\"" + kb + "\"]", "[]")) {
            Random random = new Random(11);
            List<Long> nanos = new ArrayList<>();
            for (int turn = 0; turn < turns + 20; turn++) {
                String question = "what about the " + WORDS[random.nextInt(WORDS.length)] + " and the "
                        + WORDS[random.nextInt(WORDS.length)] + " near the " + WORDS[random.nextInt(WORDS.length)];
                // A conversation per turn: every turn's prompt is the same size.
                String conversation = field(send(base, "POST", "/api/v1/conversations", token,
                        "{\"model\":\"simulator\",\"knowledgeBaseIds\":" + knowledge + "}"), "id");
                long t = System.nanoTime();
                String posted = send(base, "POST", "/api/v1/conversations/" + conversation + "/messages", token,
                        "{\"content\":\"" + question + "\"}");
                firstDelta(base, token, field(posted, "streamUrl"));
                if (turn >= 20) {
                    nanos.add(System.nanoTime() - t);
                }
            }
            System.out.printf("time to first delta %s knowledge: %s%n", knowledge.equals("[]") ? "without" : "with",
                    percentiles(nanos));
        }
    }

    /** Reads the stream up to its first delta, then lets it go. */
    private static void firstDelta(URI base, String token, String streamUrl) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(streamUrl)).timeout(Duration.ofSeconds(60))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build();
        HttpResponse<java.util.stream.Stream<String>> response = ApiCalls.HTTP.send(request,
                HttpResponse.BodyHandlers.ofLines());
        try (java.util.stream.Stream<String> lines = response.body()) {
            if (lines.filter(line -> line.equals("event:delta") || line.equals("event: delta")).findFirst()
                    .isEmpty()) {
                throw new IllegalStateException("the stream " + streamUrl + " ended without a delta");
            }
        }
    }

    private static String percentiles(List<Long> nanos) {
        nanos.sort(null);
        return String.format("p50_ms=%.2f p99_ms=%.2f", nanos.get(nanos.size() / 2) / 1e6,
                nanos.get(nanos.size() * 99 / 100) / 1e6);
    }

    /** Six headed sections of three to six sentences of eight to sixteen words. */
    private static String document(Random random) {
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < 6; s++) {
            text.append("# ").append(WORDS[random.nextInt(WORDS.length)]).append("\\n\\n");
            for (int p = 0; p < 2; p++) {
                int sentences = 3 + random.nextInt(4);
                for (int i = 0; i < sentences; i++) {
                    int words = 8 + random.nextInt(9);
                    for (int w = 0; w < words; w++) {
                        text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                    }
                    text.append(". ");
                }
                text.append("\\n\\n");
            }
        }
        return text.toString();
    }

    private static String send(URI base, String method, String path, String token, String json) throws Exception {
        return ApiCalls.send(base, method, path, token, json == null ? null : ApiCalls.json(json));
    }

    private static String field(String json, String name) {
        return ApiCalls.field(json, name);
    }
}
