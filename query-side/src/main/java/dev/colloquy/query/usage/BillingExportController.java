package dev.colloquy.query.usage;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.account.Role;
import dev.colloquy.kernel.error.ColloquyException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/admin/billing/export?month=YYYY-MM&format=csv|json}: a month's charges as a download.
 * A platform admin gets every tenant, a tenant admin their own tenant only.
 */
@RestController
public class BillingExportController {
    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final UsageLedgerQueries ledger;

    public BillingExportController(UsageLedgerQueries ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/api/v1/admin/billing/export")
    public ResponseEntity<?> export(Caller caller, @RequestParam(required = false) String month,
                                    @RequestParam(defaultValue = "csv") String format) {
        if (!format.equals("csv") && !format.equals("json")) {
            throw ColloquyException.invalid("format", "format must be csv or json");
        }
        BillingMonth billed = BillingMonth.parse(month);
        BillingStatement statement = ledger.billing(caller.has(Role.PLATFORM_ADMIN) ? null : caller.tenantId(),
                billed);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename("colloquy-billing-" + billed + "." + format).build()
                        .toString());
        return format.equals("csv")
                ? response.contentType(CSV).body(BillingCsv.render(statement))
                : response.contentType(MediaType.APPLICATION_JSON).body(statement);
    }
}
