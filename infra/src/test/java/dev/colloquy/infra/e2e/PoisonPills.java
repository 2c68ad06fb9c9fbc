package dev.colloquy.infra.e2e;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * One test handler in each dead-lettering processor that fails on a {@link PoisonPill} for as long as the pill is
 * {@link #poisonous}: what any handler of that processor would do on an event it cannot take.
 */
@TestConfiguration
class PoisonPills {
    static final Set<String> PROCESSORS = Set.of("conversations", "usage-ledger", "audit-accesses", "abuse-signals",
            "knowledge");
    static final AtomicBoolean poisonous = new AtomicBoolean(true);

    record PoisonPill(String id) {
    }

    static void swallow(PoisonPill pill) {
        if (poisonous.get()) {
            throw new IllegalStateException("cannot take pill " + pill.id());
        }
    }

    @ProcessingGroup("conversations")
    static class InConversations {
        @EventHandler
        void on(PoisonPill pill) {
            swallow(pill);
        }
    }

    @ProcessingGroup("usage-ledger")
    static class InUsageLedger {
        @EventHandler
        void on(PoisonPill pill) {
            swallow(pill);
        }
    }

    @ProcessingGroup("audit-accesses")
    static class InAuditAccesses {
        @EventHandler
        void on(PoisonPill pill) {
            swallow(pill);
        }
    }

    @ProcessingGroup("abuse-signals")
    static class InAbuseSignals {
        @EventHandler
        void on(PoisonPill pill) {
            swallow(pill);
        }
    }

    /** Beside the reply saga in its processor: a saga step failing on an event does the same. */
    @ProcessingGroup("ReplySagaProcessor")
    static class InReplySaga {
        @EventHandler
        void on(PoisonPill pill) {
            swallow(pill);
        }
    }

    @Bean
    InReplySaga inReplySaga() {
        return new InReplySaga();
    }

    @ProcessingGroup("knowledge")
    static class InKnowledge {
        @EventHandler
        void on(PoisonPill pill) {
            swallow(pill);
        }
    }

    @Bean
    InKnowledge inKnowledge() {
        return new InKnowledge();
    }

    @Bean
    InConversations inConversations() {
        return new InConversations();
    }

    @Bean
    InUsageLedger inUsageLedger() {
        return new InUsageLedger();
    }

    @Bean
    InAuditAccesses inAuditAccesses() {
        return new InAuditAccesses();
    }

    @Bean
    InAbuseSignals inAbuseSignals() {
        return new InAbuseSignals();
    }
}
