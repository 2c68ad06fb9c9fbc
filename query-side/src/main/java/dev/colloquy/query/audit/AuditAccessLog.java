package dev.colloquy.query.audit;

import java.util.List;

public record AuditAccessLog(String conversationId, List<AuditAccess> accesses) {
    public AuditAccessLog {
        accesses = List.copyOf(accesses);
    }
}
