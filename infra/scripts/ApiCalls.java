import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls to Colloquy's API for the measuring scripts (KnowledgeBench, KnowledgeEval), which the Java launcher
 * compiles with them from this folder: an answer that is not 2xx stops the measurement, with what it said.
 */
final class ApiCalls {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ApiCalls() {
    }

    record Body(String contentType, HttpRequest.BodyPublisher publisher) {
    }

    static Body json(String json) {
        return new Body("application/json", HttpRequest.BodyPublishers.ofString(json));
    }

    static String send(URI base, String method, String path, String token, Body body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body.publisher());
        if (body != null) {
            request.header("Content-Type", body.contentType());
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

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
