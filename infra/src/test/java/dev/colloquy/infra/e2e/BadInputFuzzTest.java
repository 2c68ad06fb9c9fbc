package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.colloquy.infra.auth.AccessPolicy;
import dev.colloquy.kernel.account.Role;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Generated bad requests against every route, each sent with a credential its rule admits so that it gets as far
 * as it can: broken and mistyped JSON, wrong media types, broken percent-encodings and control characters in
 * paths and queries, unknown methods, malformed credentials. None may answer 5xx, every 4xx is the error envelope
 * (and every 401 says how to authenticate), and none records anything.
 */
class BadInputFuzzTest extends EndToEndTest {
    private static final long SEED = 20261207L;
    private static final int REQUESTS = 1500;
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/*", "*/*",
            "text/plain", "application/json;charset=utf-16", "application/json; charset=latin1",
            "application/x-www-form-urlencoded", ";;;", "application/json;charset=nope", "multipart/form-data");
    private static final List<String> BROKEN_ESCAPES = List.of("%00", "%", "%Z", "%ZZ", "%ED%A0%BD", "%FF", "%C0%AE",
            "%1B", "%7F", "%C2%85", "%0D%0A", "%E2%80");

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void generatedBadRequestsNeverAnswer5xxAlwaysTheEnvelopeAndRecordNothing() {
        Map<Role, String> tokens = Map.of(Role.MEMBER, alice, Role.GUEST, alice,
                Role.TENANT_ADMIN, api.login("ada@acme.test"), Role.AUDITOR, api.login("audrey@acme.test"),
                Role.PLATFORM_ADMIN, api.login("root@colloquy.test"));
        List<Routes.Route> routes = Routes.all();
        RawHttp http = new RawHttp(port);
        Random random = new Random(SEED);
        long events = events();
        Map<Integer, Integer> statuses = new TreeMap<>();

        for (int i = 0; i < REQUESTS; i++) {
            Routes.Route route = routes.get(random.nextInt(routes.size()));
            Attempt attempt = attempt(random, route, token(route.rule(), tokens));
            RawHttp.Reply reply = http.send(attempt.method(), attempt.target(), attempt.headers(), attempt.body());
            String what = "#" + i + " " + attempt + " -> " + reply;
            statuses.merge(reply.status(), 1, Integer::sum);
            assertThat(reply.status()).as(what).isBetween(400, 499);
            assertThat(reply.header("X-Error-Code")).as(what).isNotNull();
            if (!"HEAD".equals(attempt.method())) {
                assertThat(reply.errorCode()).as(what).isEqualTo(reply.header("X-Error-Code"));
            }
            if (reply.status() == 401) {
                assertThat(reply.header("WWW-Authenticate")).as(what).startsWith("Bearer");
            }
        }
        assertThat(events()).as("events recorded by bad requests").isEqualTo(events);
        assertThat(statuses.keySet()).as("the answers spread over " + statuses)
                .contains(400, 401, 404, 405, 415);
    }

    record Attempt(String kind, String method, String target, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            return kind + " " + method + " " + target + " " + headers.keySet() + " "
                    + (body == null ? "" : new String(body, StandardCharsets.UTF_8).replaceAll("[^ -~]", "?"));
        }
    }

    private Attempt attempt(Random random, Routes.Route route, String token) {
        String path = harmless(route.path());
        boolean hasBody = List.of("POST", "PUT", "PATCH").contains(route.method().name());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        int kind = random.nextInt(hasBody ? 6 : 4);
        // A public route takes no credential, so a broken one is no bad request there: break its query instead.
        return switch (kind == 3 && route.isPublic() ? 1 : kind) {
            case 0 -> new Attempt("path", route.method().name(), brokenPath(random, path), headers, null);
            case 1 -> new Attempt("query", route.method().name(),
                    path + "?" + pick(random, List.of("q", "limit", "from", "x", "tenantId")) + "=a"
                            + pick(random, BROKEN_ESCAPES), headers, null);
            case 2 -> new Attempt("method", pick(random, List.of("TRACE", "CONNECT", "PROPFIND", "FOO", "get",
                    "M-SEARCH", "PURGE")), path, headers, null);
            case 3 -> {
                headers.put("Authorization", pick(random, List.of("Bearer ", "Bearer x.y.z", "Basic YTpi",
                        "Bearer " + token.substring(0, token.length() - 2) + "xx", "Bearer " + "a".repeat(5000),
                        "bearer\u0001" + token, "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")));
                yield new Attempt("credential", route.method().name(), path, headers, null);
            }
            case 4 -> {
                headers.put("Content-Type", pick(random, CONTENT_TYPES.subList(1, CONTENT_TYPES.size())));
                yield new Attempt("media type", route.method().name(), path, headers,
                        "{\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            }
            default -> {
                headers.put("Content-Type", "application/json");
                yield new Attempt("body", route.method().name(), path, headers, brokenBody(random));
            }
        };
    }

    /** Ids nobody holds, names no processor has: even a request that got through would find nothing to change. */
    private static String harmless(String path) {
        return path.replace("/projections/conversations/", "/projections/nope/")
                .replace("/dead-letters/conversations/", "/dead-letters/nope/");
    }

    private static String brokenPath(Random random, String path) {
        String[] segments = path.split("/");
        if (segments.length < 2) {
            return path + pick(random, BROKEN_ESCAPES);
        }
        int at = 1 + random.nextInt(segments.length - 1);
        segments[at] = segments[at] + pick(random, BROKEN_ESCAPES) + pick(random, List.of("", "x", ";a=%00", "/.."));
        if (random.nextInt(10) == 0) {
            segments[at] = "a".repeat(9000);
        }
        return String.join("/", segments);
    }

    private static byte[] brokenBody(Random random) {
        String field = pick(random, List.of("title", "content", "name", "reason", "username", "plan", "roles",
                "scopes", "threshold", "conversationDays", "messagesPerDay", "expiresAt", "injectionPolicy"));
        List<String> bodies = List.of(
                "{\"" + field + "\":\"x\"",
                "{\"" + field + "\":",
                "[]", "\"text\"", "1", "true",
                "{\"" + field + "\":{\"nested\":1}}",
                "{\"" + field + "\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}",
                "{\"" + field + "\":1e99999}",
                "{\"" + field + "\":123456789012345678901234567890}",
                "{\"" + field + "\":NaN}",
                "{\"" + field + "\":\"a\",\"" + field + "\":\"b\"}",
                "{\"" + field + "\":\"x\"} trailing",
                "{'" + field + "':'x'}",
                "{/* c */\"" + field + "\":\"x\"}",
                "{\"" + field + "\":\"a\\u0000b\"}",
                "{\"" + field + "\":\"\\ud800\"}",
                "{\"unknownField\":\"x\"}",
                "{\"" + field + "\":\"x\",\"unknownField\":1}",
                "[".repeat(2000) + "]".repeat(2000),
                "\uFEFF{\"" + field + "\":\"x\"}");
        if (random.nextInt(8) == 0) {
            byte[] bytes = new byte[1 + random.nextInt(64)];
            random.nextBytes(bytes);
            bytes[0] = (byte) (0x80 | bytes[0]);
            return bytes;
        }
        return pick(random, bodies).getBytes(StandardCharsets.UTF_8);
    }

    private static String token(AccessPolicy.Rule rule, Map<Role, String> tokens) {
        for (Role role : List.of(Role.MEMBER, Role.TENANT_ADMIN, Role.AUDITOR, Role.PLATFORM_ADMIN)) {
            if (rule.roles().contains(role)) {
                return tokens.get(role);
            }
        }
        return tokens.get(Role.MEMBER);
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private long events() {
        return jdbc.queryForObject("select count(*) from domainevententry", Long.class);
    }
}
