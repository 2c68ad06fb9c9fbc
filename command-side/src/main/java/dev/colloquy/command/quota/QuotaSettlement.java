package dev.colloquy.command.quota;

import dev.colloquy.command.ratelimit.RateLimiter;
import dev.colloquy.kernel.reply.ReplyCancelled;
import dev.colloquy.kernel.reply.ReplyCompleted;
import dev.colloquy.kernel.reply.ReplyFailed;
import dev.colloquy.kernel.usage.UsageRecorded;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;

/**
 * Settles a reply's reservation when its usage is recorded, and charges its tokens to the per-minute token
 * buckets. A subscribing processor: it runs in the transaction that stores {@link UsageRecorded}, so each
 * reply is settled exactly once, however its saga was retried. The reply stops counting as one in progress
 * already when it ends, in the ending event's transaction, so a client that read the stream to its end may
 * post again at once, before the saga has recorded the usage.
 */
@ProcessingGroup("quota-settlement")
public class QuotaSettlement {
    private final QuotaReservations reservations;
    private final RateLimiter limiter;

    public QuotaSettlement(QuotaReservations reservations, RateLimiter limiter) {
        this.reservations = reservations;
        this.limiter = limiter;
    }

    @EventHandler
    void on(ReplyCompleted event) {
        reservations.ended(event.replyId());
    }

    @EventHandler
    void on(ReplyFailed event) {
        reservations.ended(event.replyId());
    }

    @EventHandler
    void on(ReplyCancelled event) {
        reservations.ended(event.replyId());
    }

    @EventHandler
    void on(UsageRecorded event, @Timestamp Instant at) {
        long tokens = event.promptTokens() + event.completionTokens();
        reservations.settle(event.replyId(), event.tenantId(), event.ownerId(), tokens, event.costUsd(), at);
        limiter.charge(event.tenantId(), event.ownerId(), tokens);
    }
}
