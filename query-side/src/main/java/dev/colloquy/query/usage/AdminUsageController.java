package dev.colloquy.query.usage;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.account.Role;
import dev.colloquy.kernel.error.ColloquyException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/admin/usage?from&to&groupBy&tenantId}: a tenant's usage over whole UTC days. A tenant
 * admin sees their own tenant; naming another one is answered as if it did not exist. A platform admin may
 * name any tenant (an unknown one simply has no usage).
 */
@RestController
public class AdminUsageController {
    private final UsageLedgerQueries ledger;

    public AdminUsageController(UsageLedgerQueries ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/api/v1/admin/usage")
    public UsageReport usage(Caller caller, @RequestParam(required = false) String from,
                             @RequestParam(required = false) String to,
                             @RequestParam(defaultValue = "day") String groupBy,
                             @RequestParam(required = false) String tenantId) {
        UsageGrouping grouping = UsageGrouping.parse(groupBy);
        ReportRange range = ReportRange.parse(from, to);
        return ledger.usage(tenantOf(caller, tenantId), range, grouping);
    }

    private static String tenantOf(Caller caller, String requested) {
        if (requested == null || requested.equals(caller.tenantId())) {
            return caller.tenantId();
        }
        if (!caller.has(Role.PLATFORM_ADMIN)) {
            throw ColloquyException.notFound("tenant");
        }
        return requested;
    }
}
