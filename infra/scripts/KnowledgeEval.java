import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code java KnowledgeEval.java BASE_URL HTML_ROOT QUESTIONS TABLE}: retrieval quality of a knowledge base
 * through the API. Every {@code library/*.html} page under HTML_ROOT is uploaded as a file into one knowledge base;
 * once all are {@code ready}, every question of QUESTIONS (tab-separated: question, answering page relative to
 * HTML_ROOT, and a phrase of that page that answers it) is searched in each mode with topK 10. The chunks found are
 * read as their pages, in rank order, each page counted at its best chunk: recall@5 is the share of questions whose
 * page is among the first five pages, MRR@10 the mean of 1 / that page's rank (0 when it is not found). The
 * Markdown table goes to TABLE; the ingestion figures and every miss, with the pages found instead, to stdout.
 */
public class KnowledgeEval {
    private static final List<String> MODES = List.of("semantic", "keyword", "hybrid");
    private static final int TOP_K = 10;
    private static final Pattern DOCUMENT_ID = Pattern.compile("\"documentId\"\\s*:\\s*\"([^\"]+)\"");

    record Question(String text, String page, String evidence) {
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        Path root = Path.of(args[1]);
        List<Question> questions = questions(Path.of(args[2]));
        List<Path> pages;
        try (Stream<Path> listing = Files.list(root.resolve("library"))) {
            pages = listing.filter(p -> p.getFileName().toString().endsWith(".html")).sorted().toList();
        }
        checkLabels(root, questions);

        String token = field(send(base, "POST", "/api/v1/auth/token", null, json(
                "{\"username\":\"alice@acme.test\",\"password\":\"colloquy-demo\"}")), "access_token");
        String kb = field(send(base, "POST", "/api/v1/knowledge-bases", token,
                json("{\"name\":\"Python documentation\"}")), "id");
        Map<String, String> pageOf = new LinkedHashMap<>();
        long started = System.nanoTime();
        for (Path page : pages) {
            String id = field(send(base, "POST", "/api/v1/knowledge-bases/" + kb + "/documents", token,
                    multipart(page)), "id");
            pageOf.put(id, root.relativize(page).toString());
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (send(base, "GET", "/api/v1/knowledge-bases/" + kb + "/documents", token, null)
                .contains("\"processing\"")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("documents still processing after 30 minutes");
            }
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, String> document : pageOf.entrySet()) {
            String view = send(base, "GET", "/api/v1/documents/" + document.getKey(), token, null);
            if (!view.contains("\"status\":\"ready\"")) {
                failed.add(document.getValue() + ": " + view);
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("documents not ready:\n" + String.join("\n", failed));
        }
        String view = send(base, "GET", "/api/v1/knowledge-bases/" + kb, token, null);
        long chunks = Long.parseLong(view.replaceAll("(?s).*\"chunkCount\"\\s*:\\s*(\\d+).*", "$1"));
        System.out.printf(Locale.ROOT, "ingestion: pages=%d chunks=%d all_ready_in_s=%.1f chunks_per_s=%.1f%n",
                pages.size(), chunks, seconds, chunks / seconds);

        StringBuilder table = new StringBuilder("| mode | recall@5 | MRR@10 | found in top 5 | found in top 10 |\n"
                + "|---|---:|---:|---:|---:|\n");
        for (String mode : MODES) {
            int inFive = 0;
            int inTen = 0;
            double reciprocal = 0;
            for (Question question : questions) {
                List<String> found = pagesFound(send(base, "POST", "/api/v1/knowledge-bases/" + kb + "/search",
                        token, json("{\"query\":" + quoted(question.text()) + ",\"topK\":" + TOP_K
                                + ",\"mode\":\"" + mode + "\"}")), pageOf);
                int rank = found.indexOf(question.page()) + 1;
                inFive += rank >= 1 && rank <= 5 ? 1 : 0;
                inTen += rank >= 1 ? 1 : 0;
                reciprocal += rank >= 1 ? 1.0 / rank : 0;
                if (rank < 1 || rank > 5) {
                    System.out.printf("miss %-8s %-40s rank %s for \"%s\"; found %s%n", mode, question.page(),
                            rank < 1 ? "-" : rank, question.text(), found.subList(0, Math.min(5, found.size())));
                }
            }
            int n = questions.size();
            table.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %d / %d | %d / %d |%n", mode,
                    (double) inFive / n, reciprocal / n, inFive, n, inTen, n));
        }
        Files.writeString(Path.of(args[3]), table);
        System.out.print(table);
    }

    /** The distinct pages of the hits, in rank order (a page at its best chunk). */
    private static List<String> pagesFound(String results, Map<String, String> pageOf) {
        LinkedHashSet<String> found = new LinkedHashSet<>();
        Matcher m = DOCUMENT_ID.matcher(results);
        while (m.find()) {
            found.add(pageOf.get(m.group(1)));
        }
        return new ArrayList<>(found);
    }

    private static List<Question> questions(Path file) throws IOException {
        List<Question> questions = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 3) {
                throw new IllegalArgumentException("not question<TAB>page<TAB>evidence: " + line);
            }
            questions.add(new Question(fields[0], fields[1], fields[2]));
        }
        return questions;
    }

    /**
     * Every answering page exists and still says what answers its question, so that another release of the
     * documentation cannot silently turn a label wrong.
     */
    private static void checkLabels(Path root, List<Question> questions) throws IOException {
        List<String> wrong = new ArrayList<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (Question question : questions) {
            Path page = root.resolve(question.page());
            if (!question.page().startsWith("library/") || !Files.isRegularFile(page)) {
                wrong.add(question.page() + " is not a library page (" + question.text() + ")");
                continue;
            }
            String text = texts.computeIfAbsent(question.page(), p -> visibleText(page));
            if (!text.contains(question.evidence())) {
                wrong.add(question.page() + " no longer says \"" + question.evidence() + "\" ("
                        + question.text() + ")");
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("labels that do not fit this documentation:\n" + String.join("\n", wrong));
        }
    }

    private static String visibleText(Path page) {
        try {
            return Files.readString(page).replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&").replaceAll("\\s+", " ");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiCalls.Body multipart(Path file) throws IOException {
        String boundary = "colloquy-eval-boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: text/html\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return new ApiCalls.Body("multipart/form-data; boundary=" + boundary, HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArray(head), HttpRequest.BodyPublishers.ofFile(file),
                HttpRequest.BodyPublishers.ofByteArray(tail)));
    }

    private static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static String send(URI base, String method, String path, String token, ApiCalls.Body body)
            throws Exception {
        return ApiCalls.send(base, method, path, token, body);
    }

    private static ApiCalls.Body json(String json) {
        return ApiCalls.json(json);
    }

    private static String field(String json, String name) {
        return ApiCalls.field(json, name);
    }
}
