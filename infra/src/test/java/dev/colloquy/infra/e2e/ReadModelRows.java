package dev.colloquy.infra.e2e;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** The rows of the read models, in a stable order, to compare a rebuilt read model with the live one. */
final class ReadModelRows {
    private ReadModelRows() {
    }

    /** The conversation read model (without its insertion positions, which a rebuild renumbers) and the ledger. */
    static Map<String, Object> conversationsAndLedger(JdbcTemplate jdbc) {
        Map<String, Object> rows = new LinkedHashMap<>();
        // As JSON text: PostgreSQL arrays (the knowledge bases) come back as driver objects that never compare equal.
        rows.put("conversations", jdbc.queryForList("select to_jsonb(c)::text from conversation_view c order by id"));
        rows.put("messages", jdbc.queryForList("""
                select id, conversation_id, parent_id, role, content, status, model, prompt_message_id,
                       finish_reason, prompt_tokens, completion_tokens, cost_usd, error_code, error_message,
                       ttft_ms, latency_ms, created_at, finished_at
                from message_view order by id"""));
        rows.put("citations", jdbc.queryForList("select * from message_citation order by message_id, n"));
        rows.put("ledger", jdbc.queryForList(
                "select * from usage_ledger order by tenant_id, period, period_start, user_id, model"));
        rows.put("pseudonyms", jdbc.queryForList("select * from usage_pseudonym order by user_id"));
        return rows;
    }
}
