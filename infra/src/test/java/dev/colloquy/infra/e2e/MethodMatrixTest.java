package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.colloquy.kernel.account.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every method on every route: the declared one meets its rule, HEAD meets the GET's rule (it is a GET without a
 * body, and its length alone is an oracle), OPTIONS tells the methods, and any other method is 405 in the error
 * envelope, whether Spring, the access filter or Tomcat itself refuses it.
 */
class MethodMatrixTest extends EndToEndTest {
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
            "PROPFIND", "CONNECT", "FOO");

    static final Set<String> DESTRUCTIVE = Set.of("/api/v1/auth/logout", "/api/v1/privacy/erasure");

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyMethodOnEveryRouteMeetsTheRuleOfTheRouteOrIsNotAllowed() {
        RawHttp http = new RawHttp(port);
        String member = api.newUserOf("acme", "member");
        Map<String, Set<String>> routes = Routes.methodsByPath();
        for (Map.Entry<String, Set<String>> route : routes.entrySet()) {
            for (String method : METHODS) {
                String judged = "HEAD".equals(method) ? "GET" : method;
                // Signing out ends the session it is called with, and an erasure without a body erases the caller:
                // each gets a member of its own.
                String token = DESTRUCTIVE.contains(route.getKey()) ? api.newUserOf("acme", "member") : member;
                RawHttp.Reply reply = http.send(method, route.getKey(), token, null, null);
                String what = method + " " + route.getKey();
                if (route.getValue().contains(judged)) {
                    Routes.Route declared = Routes.declared(judged, route.getKey());
                    boolean membersMay = declared.isPublic() || declared.rule().roles().contains(Role.MEMBER);
                    if (membersMay) {
                        assertThat(reply.status()).as(what).isNotIn(401, 403, 405).isLessThan(500);
                    } else {
                        assertThat(reply.status()).as(what).isEqualTo(403);
                    }
                } else if ("OPTIONS".equals(method)) {
                    assertThat(reply.status()).as(what).isEqualTo(204);
                    assertThat(reply.header("Allow")).as(what).contains(route.getValue());
                } else {
                    assertThat(reply.status()).as(what).isEqualTo(405);
                    assertThat(reply.header("X-Error-Code")).as(what).isEqualTo("METHOD_NOT_ALLOWED");
                    if (!"HEAD".equals(method)) {
                        assertThat(reply.errorCode()).as(what).isEqualTo("METHOD_NOT_ALLOWED");
                    }
                }
            }
        }
    }

    @Test
    void headIsJudgedAsTheGetItIs() {
        RawHttp http = new RawHttp(port);
        long auditReads = auditReads();
        assertThat(http.send("HEAD", "/api/v1/admin/users", alice, null, null).status()).isEqualTo(403);
        assertThat(http.send("HEAD", "/api/v1/audit/conversations?q=hello", alice, null, null).status())
                .isEqualTo(403);
        assertThat(auditReads()).as("no audit read recorded for a refused member").isEqualTo(auditReads);

        String chatKey = api.post("/api/v1/api-keys", alice, Map.of("name", "chat only", "scopes", List.of("chat")))
                .body().path("secret").asText();
        assertThat(http.send("HEAD", "/api/v1/conversations", chatKey, null, null).status()).isEqualTo(403);
        assertThat(http.send("HEAD", "/api/v1/privacy/export", chatKey, null, null).status()).isEqualTo(403);
        assertThat(http.send("HEAD", "/api/v1/conversations", alice, null, null).status()).isEqualTo(200);
    }

    @Test
    void aRouteWithoutAnAccessRuleStopsTheApplicationFromStarting() {
        assertThatThrownBy(() -> TestNode.boot(false, OPENAI, Map.of(), UnruledRoute.class).close())
                .hasStackTraceContaining("routes without an access rule in AccessPolicy: [GET /api/v1/unruled]");
    }

    private long auditReads() {
        return jdbc.queryForObject("select count(*) from domainevententry where payloadtype like '%AuditTrailRead'",
                Long.class);
    }

    /** A controller someone added without a rule. */
    @RestController
    static class UnruledRoute {
        @GetMapping("/api/v1/unruled")
        String open() {
            return "open";
        }
    }
}
