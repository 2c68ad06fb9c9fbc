import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java KnowledgeBench.java BASE_URL DOCUMENTS}: ingestion and search of a knowledge base through the API.
 * DOCUMENTS generated Markdown documents (six sections of prose each, the same every run) are posted at once;
 * ingestion is reported in chunks per second from the first post to the last document {@code ready}. Then 200
 * searches of each mode, one after another, report their p50 and p99 as the client sees them.
 */
public class KnowledgeBench {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final String[] WORDS = ("harbour lantern orchard granite meadow copper river saffron beacon "
            + "glacier timber compass violet thunder marble falcon ember willow quartz canyon pepper anchor "
            + "velvet cedar prism harvest summit tundra ivory basalt lagoon meteor nectar oasis pebble quiver "
            + "ribbon sparrow tulip umber vessel walnut yarrow zephyr alpine bramble cobalt dune estuary fjord")
            .split(" ");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        int documents = Integer.parseInt(args[1]);
        String token = field(send(base, "POST", "/api/v1/auth/token", null,
                "{\"username\":\"alice@acme.test\",\"password\":\"colloquy-demo\"}"), "access_token");
        String kb = field(send(base, "POST", "/api/v1/knowledge-bases", token, "{\"name\":\"bench\"}"), "id");
        Random random = new Random(42);
        List<String> ids = new ArrayList<>();
        long started = System.nanoTime();
        for (int d = 0; d < documents; d++) {
            ids.add(field(send(base, "POST", "/api/v1/knowledge-bases/" + kb + "/documents", token,
                    "{\"title\":\"doc " + d + "\",\"text\":\"" + document(random) + "\"}"), "id"));
        }
        long posted = System.nanoTime();
        while (true) {
            String listing = send(base, "GET", "/api/v1/knowledge-bases/" + kb + "/documents", token, null);
            if (!listing.contains("\"processing\"")) {
                break;
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String view = send(base, "GET", "/api/v1/knowledge-bases/" + kb, token, null);
        long chunks = Long.parseLong(view.replaceAll(".*\"chunkCount\"\\s*:\\s*(\\d+).*", "$1"));
        System.out.printf("ingestion: documents=%d chunks=%d posted_in_s=%.1f all_ready_in_s=%.1f chunks_per_s=%.1f%n",
                documents, chunks, (posted - started) / 1e9, seconds, chunks / seconds);
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
            nanos.sort(null);
            System.out.printf("search %s over %d chunks: p50_ms=%.2f p99_ms=%.2f%n", mode, chunks,
                    nanos.get(nanos.size() / 2) / 1e6, nanos.get(nanos.size() * 99 / 100) / 1e6);
        }
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
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
