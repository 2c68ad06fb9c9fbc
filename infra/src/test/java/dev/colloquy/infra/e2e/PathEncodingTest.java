package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.colloquy.kernel.account.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Authorization is decided on the path routing uses, so no spelling of a route gets around its rule: percent-
 * encoded letters and matrix parameters reach the same route and meet the same rule (401 without a token, 403 for
 * a role the rule does not name); spellings that are another path reach no route at all. Never a 2xx, never a 5xx.
 */
class PathEncodingTest extends EndToEndTest {
    /** Spellings routing reads as the same path. */
    static List<String> sameRoute(String path) {
        String[] segments = path.substring(1).split("/");
        List<String> spellings = new ArrayList<>();
        spellings.add(path);
        spellings.add("/" + encodeFirstLetter(segments[0]) + rest(segments, 1));
        spellings.add("/" + segments[0] + ";x=1" + rest(segments, 1));
        spellings.add("/" + segments[0] + ";" + rest(segments, 1));
        if (segments.length > 1) {
            spellings.add("/" + segments[0] + "/" + segments[1] + ";jsessionid=1" + rest(segments, 2));
        }
        String last = segments[segments.length - 1];
        if (last.matches("[a-z-]+")) {
            spellings.add(path.substring(0, path.length() - last.length()) + encodeFirstLetter(last));
        }
        return spellings;
    }

    /** Spellings that are another path: they must reach no route. */
    static List<String> otherPaths(String path) {
        String first = path.substring(1).split("/")[0];
        return List.of(path + "/", "/" + path, "/%25" + Integer.toHexString(first.charAt(0)) + path.substring(2),
                path.replaceFirst("/", "/./"), path.replaceFirst("/", "/x/../"), path.toUpperCase());
    }

    private static String encodeFirstLetter(String segment) {
        return segment.isEmpty() || !Character.isLetter(segment.charAt(0)) ? segment
                : "%" + Integer.toHexString(segment.charAt(0)) + segment.substring(1);
    }

    private static String rest(String[] segments, int from) {
        StringBuilder rest = new StringBuilder();
        for (int i = from; i < segments.length; i++) {
            rest.append('/').append(segments[i]);
        }
        return rest.toString();
    }

    @Test
    void everyRouteWithoutATokenIsRefusedHoweverItsPathIsSpelled() {
        RawHttp http = new RawHttp(port);
        int checked = 0;
        for (Routes.Route route : Routes.all()) {
            if (route.isPublic()) {
                continue;
            }
            for (String spelling : sameRoute(route.path())) {
                RawHttp.Reply reply = http.send(route.method().name(), spelling, null, null, null);
                assertThat(reply.status()).as("%s %s", route.method(), spelling).isEqualTo(401);
                assertThat(reply.errorCode()).isEqualTo("AUTHENTICATION_ERROR");
                checked++;
            }
            for (String spelling : otherPaths(route.path())) {
                RawHttp.Reply reply = http.send(route.method().name(), spelling, null, null, null);
                assertThat(reply.status()).as("%s %s", route.method(), spelling).isIn(400, 401, 404, 405);
                assertThat(reply.errorCode()).as("%s %s", route.method(), spelling).isNotNull();
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(500);
    }

    @Test
    void aMembersTokenReachesNoRouteItsRuleDoesNotNameHoweverSpelled() {
        RawHttp http = new RawHttp(port);
        for (Routes.Route route : Routes.all()) {
            if (route.isPublic() || route.rule().roles().contains(Role.MEMBER)) {
                continue;
            }
            for (String spelling : sameRoute(route.path())) {
                RawHttp.Reply reply = http.send(route.method().name(), spelling, alice,
                        "application/json", route.method().name().equals("GET")
                                || route.method().name().equals("DELETE") ? null : "{}");
                assertThat(reply.status()).as("%s %s as a member", route.method(), spelling).isEqualTo(403);
            }
        }
    }

    @Test
    void theIssuesAttacksAreRefused() {
        RawHttp http = new RawHttp(port);
        assertThat(http.send("GET", "/%61pi/v1/admin/tenants", null, null, null).status()).isEqualTo(401);
        assertThat(http.send("POST", "/%61pi/v1/admin/tenants", null, "application/json",
                "{\"tenantId\":\"evil\",\"name\":\"Evil\",\"plan\":\"enterprise\"}").status()).isEqualTo(401);
        assertThat(http.send("PATCH", "/api;x=1/v1/admin/tenants/acme", null, "application/json",
                "{\"plan\":\"enterprise\"}").status()).isEqualTo(401);
        assertThat(http.send("PUT", "/api;/v1/admin/tenants/acme/budget", null, "application/json",
                "{\"costPerMonth\":1}").status()).isEqualTo(401);
        assertThat(http.send("GET", "/ap%69/v1/admin/tenants", alice, null, null).status()).isEqualTo(403);
        String root = api.login("root@colloquy.test");
        assertThat(api.get("/api/v1/admin/tenants", root).body().toString()).doesNotContain("evil");
    }
}
