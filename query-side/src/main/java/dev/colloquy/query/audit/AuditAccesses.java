package dev.colloquy.query.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/** Reads {@code audit_access} (the projections' index of audit reads), always within one tenant. */
@Component
public class AuditAccesses {
    private final Jdbi jdbi;

    public AuditAccesses(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The tenant's newest reads first, of one conversation or (with {@code conversationId} null) of any. */
    public List<AuditAccess> newest(String tenantId, String conversationId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select event_id, viewer_id, conversation_id, view, trace_id, read_at,
                               array(select key from jsonb_each_text(parameters) order by key),
                               array(select value from jsonb_each_text(parameters) order by key)
                        from audit_access
                        where tenant_id = :tenant and (cast(:conversation as varchar) is null
                                                       or conversation_id = :conversation)
                        order by read_at desc, event_id limit :limit""")
                .bind("tenant", tenantId).bind("conversation", conversationId).bind("limit", limit)
                .map((rs, ctx) -> new AuditAccess(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        parameters(rs), rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant()))
                .list());
    }

    private static Map<String, String> parameters(ResultSet rs) throws SQLException {
        String[] names = (String[]) rs.getArray(7).getArray();
        String[] values = (String[]) rs.getArray(8).getArray();
        Map<String, String> parameters = new TreeMap<>();
        for (int i = 0; i < names.length; i++) {
            parameters.put(names[i], values[i]);
        }
        return parameters;
    }
}
