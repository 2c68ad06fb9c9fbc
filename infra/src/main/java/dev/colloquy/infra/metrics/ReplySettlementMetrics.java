package dev.colloquy.infra.metrics;

import dev.colloquy.kernel.usage.UsageRecorded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * {@code colloquy_replies_settled_total}: replies whose usage this node's reply saga recorded, which shows
 * each node taking its share of the saga's segments. A subscribing processor: it runs on the node that stored
 * the event, once it is stored, and never on a replay.
 */
@Component
@ProcessingGroup("settlement-metrics")
public class ReplySettlementMetrics {
    private final Counter settled;

    public ReplySettlementMetrics(MeterRegistry registry) {
        settled = Counter.builder("colloquy.replies.settled")
                .description("Replies whose usage this node recorded").register(registry);
    }

    @EventHandler
    void on(UsageRecorded event) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(uow -> settled.increment());
        } else {
            settled.increment();
        }
    }
}
