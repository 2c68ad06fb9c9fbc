package dev.colloquy.query.abuse;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.IntegerParameter;
import dev.colloquy.kernel.account.Role;
import dev.colloquy.kernel.error.ColloquyException;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/admin/abuse-signals?minScore&tenantId}: users whose abuse score is at least
 * {@code minScore} (default 1), with the reasons, counts and restriction. A tenant admin sees their own tenant;
 * naming another answers 404. A platform admin sees every tenant, or the one named.
 */
@RestController
public class AbuseSignalsController {
    private final AbuseSignalQueries queries;

    public AbuseSignalsController(AbuseSignalQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/admin/abuse-signals")
    public Map<String, Object> signals(Caller caller, @RequestParam(defaultValue = "1") String minScore,
                                       @RequestParam(required = false) String tenantId) {
        int min = IntegerParameter.parse(minScore.strip(), "minScore", 0, 100);
        List<AbuseSignalQueries.UserSignals> users = queries.atLeast(tenantOf(caller, tenantId), min);
        return Map.of("minScore", min, "users", users);
    }

    private static String tenantOf(Caller caller, String requested) {
        if (caller.has(Role.PLATFORM_ADMIN)) {
            return requested;
        }
        if (requested == null || requested.equals(caller.tenantId())) {
            return caller.tenantId();
        }
        throw ColloquyException.notFound("tenant");
    }
}
