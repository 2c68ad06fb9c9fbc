import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for `make bench` (run as a single-file program: java Bench.java BASE_URL STREAMS TURNS).
 * Each stream is one user conversation doing TURNS turns in a row: POST a message, open the reply's SSE
 * stream, read to its terminal event. Time to first delta = from the POST's 202 to the first delta event;
 * accept time = the POST itself (where rate limits are taken and the quota is reserved).
 */
public class Bench {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int streams = Integer.parseInt(args[1]);
        int turns = Integer.parseInt(args[2]);
        String token = field(post(base + "/api/v1/auth/token", null,
                "{\"username\":\"alice@acme.test\",\"password\":\"colloquy-demo\"}"), "access_token");
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            conversations.add(field(post(base + "/api/v1/conversations", token, "{\"title\":\"bench\"}"), "id"));
        }
        // Warm-up turn per conversation, not measured.
        runAll(base, token, conversations, 1);
        long started = System.nanoTime();
        List<Sample> samples = runAll(base, token, conversations, turns);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Long> firstDelta = new ArrayList<>(samples.stream().map(Sample::firstDelta).toList());
        List<Long> accept = new ArrayList<>(samples.stream().map(Sample::accept).toList());
        Collections.sort(firstDelta);
        Collections.sort(accept);
        System.out.printf("streams=%d turns=%d accept_p50_ms=%.2f accept_p99_ms=%.2f ttfd_p50_ms=%.2f "
                        + "ttfd_p99_ms=%.2f turns_per_s=%.1f%n", streams, samples.size(), percentile(accept, 50),
                percentile(accept, 99), percentile(firstDelta, 50), percentile(firstDelta, 99),
                samples.size() / seconds);
    }

    /** Nanoseconds of one turn: the POST until its 202, and from the 202 to the first delta. */
    private record Sample(long accept, long firstDelta) {
    }

    private static List<Sample> runAll(String base, String token, List<String> conversations, int turns)
            throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Sample>>> results = new ArrayList<>();
            for (String conversation : conversations) {
                results.add(pool.submit(() -> {
                    List<Sample> samples = new ArrayList<>();
                    for (int t = 0; t < turns; t++) {
                        samples.add(turn(base, token, conversation, t));
                    }
                    return samples;
                }));
            }
            List<Sample> all = new ArrayList<>();
            for (Future<List<Sample>> result : results) {
                all.addAll(result.get());
            }
            return all;
        }
    }

    private static Sample turn(String base, String token, String conversation, int n) throws Exception {
        long postedAt = System.nanoTime();
        String accepted = post(base + "/api/v1/conversations/" + conversation + "/messages", token,
                "{\"content\":\"benchmark turn " + n + "\"}");
        long acceptedAt = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + field(accepted, "streamUrl")))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long firstDelta = -1;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            // Read to the end of the response, as an EventSource does, so the connection is reused.
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.equals("event:delta") && firstDelta < 0) {
                    firstDelta = System.nanoTime() - acceptedAt;
                } else if (line.startsWith("event:") && !line.equals("event:delta") && !line.equals("event:completed")) {
                    throw new IllegalStateException("reply ended with " + line);
                }
            }
        }
        if (firstDelta < 0) {
            throw new IllegalStateException("no delta for " + accepted);
        }
        return new Sample(acceptedAt - postedAt, firstDelta);
    }

    private static String post(String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalStateException("no " + name + " in " + json);
    }

    private static double percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
