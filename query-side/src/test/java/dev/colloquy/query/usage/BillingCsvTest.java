package dev.colloquy.query.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingCsvTest {

    @Test
    void writesAHeaderTheLinesTheTenantTotalsAndTheTotalWithCrlf() {
        UsageFigures line = UsageFigures.of(2, 84, 14, 0, new BigDecimal("0.000112"), 1, 40);
        UsageFigures unpriced = UsageFigures.of(1, 10, 5, 1, BigDecimal.ZERO, 0, 0);
        UsageFigures total = UsageFigures.of(3, 94, 19, 1, new BigDecimal("0.000112"), 1, 40);
        BillingStatement statement = new BillingStatement("2025-12",
                List.of(new BillingStatement.Line("acme", "u-1", "scripted", line),
                        new BillingStatement.Line("acme", "u-2", "odd,\"model\"", unpriced)),
                List.of(new BillingStatement.TenantTotal("acme", total)), total);

        String csv = BillingCsv.render(statement);

        assertThat(csv).isEqualTo(String.join("\r\n",
                "row_type,month,tenant_id,user_id,model,requests,prompt_tokens,completion_tokens,"
                        + "unpriced_requests,cost_usd,estimated_requests,estimated_tokens",
                "line,2025-12,acme,u-1,scripted,2,84,14,0,0.000112,1,40",
                "line,2025-12,acme,u-2,\"odd,\"\"model\"\"\",1,10,5,1,0,0,0",
                "tenant_total,2025-12,acme,,,3,94,19,1,0.000112,1,40",
                "total,2025-12,,,,3,94,19,1,0.000112,1,40",
                ""));
    }
}
