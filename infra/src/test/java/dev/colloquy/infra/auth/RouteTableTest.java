package dev.colloquy.infra.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.colloquy.kernel.account.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The route table in docs/architecture.md is the access policy, row for row: the document cannot drift. */
class RouteTableTest {
    static final Path ARCHITECTURE = Path.of("../docs/architecture.md");

    static String row(AccessPolicy.Rule rule) {
        String who = rule.scope() == AccessPolicy.Scope.PUBLIC ? "public"
                : rule.roles().equals(EnumSet.allOf(Role.class)) ? "any role"
                : Arrays.stream(Role.values()).filter(rule.roles()::contains).map(Role::wire)
                        .collect(Collectors.joining(", "));
        if (rule.ownRights()) {
            who += " (their own data, also while suspended)";
        }
        return "| " + rule.method().name() + " | `" + rule.pattern().getPatternString() + "` | " + who + " | "
                + rule.scope().name().toLowerCase() + " |";
    }

    @Test
    void theDocumentedRouteTableIsTheAccessPolicy() throws IOException {
        List<String> documented = Files.readAllLines(ARCHITECTURE).stream()
                .filter(line -> line.matches("\\| (GET|POST|PUT|PATCH|DELETE) \\| `.*"))
                .toList();
        List<String> declared = new AccessPolicy().rules().stream().map(RouteTableTest::row).toList();
        assertThat(documented).containsExactlyElementsOf(declared);
    }

    /** Prints the table, for pasting into the document after a rule changes. */
    public static void main(String[] args) {
        new AccessPolicy().rules().forEach(rule -> System.out.println(row(rule)));
    }
}
