package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Password guessing from one address is slowed down across all usernames, before any password is checked; other
 * addresses (as a TLS-terminating proxy reports them in X-Forwarded-For) are not affected.
 */
class SignInLimitTest {
    /** Two a minute: a token comes back every 30 s, far longer than this test's burst takes. */
    private static final int PER_MINUTE = 2;
    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static ConfigurableApplicationContext node;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void boot() {
        // Behind a proxy on this host, the one address whose X-Forwarded-For is believed.
        node = TestNode.boot(true, OPENAI, Map.of("colloquy.auth.sign-ins-per-minute", PER_MINUTE,
                "server.forward-headers-strategy", "native",
                "server.tomcat.remoteip.internal-proxies", "127\\.0\\.0\\.1"));
    }

    @AfterAll
    static void stop() {
        node.close();
        OPENAI.close();
    }

    @Test
    void oneAddressGetsAFewAttemptsAMinuteWhateverUsernamesItTries() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < PER_MINUTE + 3; i++) {
            statuses.add(signIn("203.0.113.7", "user" + i + "@acme.test", "guess").statusCode());
        }

        assertThat(statuses.subList(0, PER_MINUTE)).as("wrong credentials, checked").containsOnly(401);
        assertThat(statuses.subList(PER_MINUTE, statuses.size())).as("refused before any check").containsOnly(429);
        HttpResponse<String> refused = signIn("203.0.113.7", "alice@acme.test", "colloquy-demo");
        assertThat(refused.statusCode()).as("even the right password waits").isEqualTo(429);
        assertThat(refused.body()).contains("RATE_LIMITED", "sign-ins-per-minute");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(signIn("198.51.100.20", "alice@acme.test", "colloquy-demo").statusCode())
                .as("another address").isEqualTo(200);
    }

    private static HttpResponse<String> signIn(String clientAddress, String username, String password)
            throws Exception {
        int port = TestNode.port(node);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/token"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", clientAddress)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
