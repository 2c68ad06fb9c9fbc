package dev.colloquy.infra.e2e;

import dev.colloquy.infra.auth.AccessPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

/** Every route the access policy declares, with a concrete path to call it by. */
final class Routes {
    static final String NIL = "00000000-0000-0000-0000-000000000000";

    private Routes() {
    }

    record Route(HttpMethod method, String pattern, String path, AccessPolicy.Rule rule) {
        boolean isPublic() {
            return rule.scope() == AccessPolicy.Scope.PUBLIC;
        }
    }

    static List<Route> all() {
        return new AccessPolicy().rules().stream()
                .map(rule -> new Route(rule.method(), rule.pattern().getPatternString(),
                        example(rule.pattern().getPatternString()), rule))
                .toList();
    }

    /** Each example path once, with the methods of every rule whose pattern it matches. */
    static Map<String, Set<String>> methodsByPath() {
        Map<String, Set<String>> methods = new LinkedHashMap<>();
        for (Route route : all()) {
            for (Route other : all()) {
                if (other.rule().pattern().matches(PathContainer.parsePath(route.path()))) {
                    methods.computeIfAbsent(route.path(), p -> new TreeSet<>()).add(other.method().name());
                }
            }
        }
        return methods;
    }

    /** The first rule for a method whose pattern matches a path, as the policy reads its rules. */
    static Route declared(String method, String path) {
        return all().stream().filter(r -> r.method().name().equals(method)
                && r.rule().pattern().matches(PathContainer.parsePath(path))).findFirst().orElseThrow();
    }

    static String example(String pattern) {
        return pattern.replace("/css/{*file}", "/css/app.css").replace("{*file}", "app.js")
                .replace("/**", "/liveness").replace("{name}", "conversations").replace("{processor}", "conversations").replace("{tenantId}", "nope")
                .replace("{group}", "nope").replaceAll("\\{[^}]+}", NIL);
    }
}
