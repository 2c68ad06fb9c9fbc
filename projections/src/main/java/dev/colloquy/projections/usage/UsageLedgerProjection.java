package dev.colloquy.projections.usage;

import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.knowledge.DocumentEmbedded;
import dev.colloquy.kernel.knowledge.KnowledgeSearched;
import dev.colloquy.kernel.privacy.UserErased;
import dev.colloquy.kernel.reply.SourcesCited;
import dev.colloquy.kernel.usage.UsagePeriod;
import dev.colloquy.kernel.usage.UsageRecorded;
import dev.colloquy.projections.replay.ReadModel;
import java.math.BigDecimal;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.springframework.stereotype.Component;

/**
 * Builds {@code usage_ledger}: each charged reply, each embedded search query (a reply's retrieval or an API
 * search) and each embedded document (both under the embedding model) adds to its hour, day and month. The rows
 * commit with the processor's token (JDBI joins Axon's transaction), so an event is counted exactly once; a reset
 * rebuilds it all. It sums the cost the command side priced when the reply ended and never prices anything itself.
 */
@Component
@ProcessingGroup(UsageLedgerProjection.GROUP)
public class UsageLedgerProjection implements ReadModel {
    public static final String GROUP = "usage-ledger";

    private final Jdbi jdbi;

    public UsageLedgerProjection(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public String processingGroup() {
        return GROUP;
    }

    /** The event's own timestamp, not the time of processing, so a replay puts it in the same periods. */
    @EventHandler
    void on(UsageRecorded e, @Timestamp Instant at) {
        charge(new Charge(e.tenantId(), e.ownerId(), e.model(), e.promptTokens(), e.completionTokens(), e.costUsd(),
                e.estimated()), at);
    }

    /** Embedding a reply's retrieval query: a request of the embedding model, its tokens as prompt tokens. */
    @EventHandler
    void on(SourcesCited e, @Timestamp Instant at, @MetaDataValue(MetadataKeys.TENANT) String tenantId,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        if (e.embeddingModel() != null && tenantId != null && actor != null) {
            charge(new Charge(tenantId, actor, e.embeddingModel(), e.embeddingTokens(), 0, e.embeddingCostUsd(),
                    false), at);
        }
    }

    @EventHandler
    void on(KnowledgeSearched e, @Timestamp Instant at) {
        if (e.embeddingModel() != null) {
            charge(new Charge(e.tenantId(), e.searcherId(), e.embeddingModel(), e.embeddingTokens(), 0,
                    e.embeddingCostUsd(), false), at);
        }
    }

    /** Embedding a document's chunks, charged to whoever added it. */
    @EventHandler
    void on(DocumentEmbedded e, @Timestamp Instant at) {
        charge(new Charge(e.tenantId(), e.addedBy(), e.model(), e.tokens(), 0, e.costUsd(), false), at);
    }

    private record Charge(String tenantId, String userId, String model, long promptTokens, long completionTokens,
                          BigDecimal costUsd, boolean estimated) {
    }

    private void charge(Charge e, Instant at) {
        boolean priced = e.costUsd() != null;
        jdbi.useHandle(h -> {
            // a reply that ends after its user's erasure is booked to the pseudonym too
            String user = h.createQuery("select pseudonym from usage_pseudonym where user_id = :user")
                    .bind("user", e.userId()).mapTo(String.class).findOne().orElse(e.userId());
            PreparedBatch batch = h.prepareBatch("""
                    insert into usage_ledger (tenant_id, period, period_start, user_id, model, requests,
                                              prompt_tokens, completion_tokens, cost_usd, unpriced_requests,
                                              estimated_requests, estimated_tokens)
                    values (:tenant, :period, :start, :user, :model, 1, :prompt, :completion, :cost, :unpriced,
                            :estimated, :estimatedTokens)
                    on conflict (tenant_id, period, period_start, user_id, model) do update set
                        requests = usage_ledger.requests + 1,
                        prompt_tokens = usage_ledger.prompt_tokens + excluded.prompt_tokens,
                        completion_tokens = usage_ledger.completion_tokens + excluded.completion_tokens,
                        cost_usd = usage_ledger.cost_usd + excluded.cost_usd,
                        unpriced_requests = usage_ledger.unpriced_requests + excluded.unpriced_requests,
                        estimated_requests = usage_ledger.estimated_requests + excluded.estimated_requests,
                        estimated_tokens = usage_ledger.estimated_tokens + excluded.estimated_tokens""");
            for (UsagePeriod period : UsagePeriod.values()) {
                batch.bind("tenant", e.tenantId()).bind("period", period.wireName())
                        .bind("start", period.start(at)).bind("user", user).bind("model", e.model())
                        .bind("prompt", e.promptTokens()).bind("completion", e.completionTokens())
                        // An unpriced request adds nothing to the known cost and is counted apart instead.
                        .bind("cost", priced ? e.costUsd() : BigDecimal.ZERO)
                        .bind("unpriced", priced ? 0 : 1)
                        .bind("estimated", e.estimated() ? 1 : 0)
                        .bind("estimatedTokens", e.estimated() ? e.promptTokens() + e.completionTokens() : 0)
                        .add();
            }
            batch.execute();
        });
    }

    /** The erased user's figures stay, under the pseudonym the event carries (so a rebuild chooses the same). */
    @EventHandler
    void on(UserErased e) {
        jdbi.useHandle(h -> {
            h.createUpdate("insert into usage_pseudonym (user_id, pseudonym) values (:user, :pseudonym)")
                    .bind("user", e.userId()).bind("pseudonym", e.pseudonym()).execute();
            h.createUpdate("update usage_ledger set user_id = :pseudonym where tenant_id = :tenant and user_id = :user")
                    .bind("user", e.userId()).bind("tenant", e.tenantId()).bind("pseudonym", e.pseudonym()).execute();
        });
    }

    @ResetHandler
    void reset() {
        jdbi.useHandle(h -> h.execute("truncate usage_ledger, usage_pseudonym"));
    }
}
