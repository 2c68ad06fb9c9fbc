package dev.colloquy.infra;

import dev.colloquy.command.model.ModelSpec;
import dev.colloquy.command.plan.KnowledgeLimits;
import dev.colloquy.command.ratelimit.RateLimits;
import dev.colloquy.kernel.quota.QuotaLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Everything under {@code colloquy.*} in application.yml; see docs/configuration in the README. */
@ConfigurationProperties("colloquy")
public record ColloquyProperties(Models models, Replies replies, @DefaultValue Limits limits, Simulator simulator,
                                 OpenAi openai, PlanSettings plans, @DefaultValue UsageLimits usageLimits,
                                 @DefaultValue Web web,
                                 @DefaultValue("") String nodeId, @DefaultValue Cluster cluster,
                                 @DefaultValue Knowledge knowledge) {

    /**
     * Nodes on one database: each says it is there every {@code heartbeat} and counts as live for {@code liveFor}
     * after; live nodes share each processor's segments when {@code balanceSegments}; a processor more than
     * {@code lagWarning} events behind makes the node's health {@code DEGRADED}; events other nodes stored are
     * looked for every {@code eventFetchDelay}.
     */
    public record Cluster(@DefaultValue("5s") Duration heartbeat, @DefaultValue("30s") Duration liveFor,
                          @DefaultValue("true") boolean balanceSegments, @DefaultValue("10000") long lagWarning,
                          @DefaultValue("25ms") Duration eventFetchDelay) {
    }

    public record Models(String defaultModel, List<ModelSpec> catalogue) {
    }

    public record Replies(@DefaultValue("5m") Duration timeout, @DefaultValue("25ms") Duration coalesceWindow,
                          @DefaultValue("15s") Duration heartbeat, @DefaultValue("15m") Duration retention,
                          @DefaultValue("1s") Duration checkpointInterval, @DefaultValue("10s") Duration staleAfter,
                          @DefaultValue("2") int maxRetries, @DefaultValue("250ms") Duration firstBackoff,
                          @DefaultValue("5s") Duration readYourWritesWait) {
    }

    public record Limits(@DefaultValue("255") int maxTitleChars,
                         @DefaultValue("32000") int maxSystemPromptChars,
                         @DefaultValue("262144") long maxRequestBytes) {
    }

    public record Simulator(@DefaultValue("300ms") Duration timeToFirstToken,
                            @DefaultValue("50") double tokensPerSecond, @DefaultValue("48") int replyTokens) {
    }

    /** The plans on offer; {@code guest-plan} names the one whose models guests may use. */
    public record PlanSettings(@DefaultValue("free") String guestPlan, Map<String, PlanSpec> definitions) {
    }

    public record PlanSpec(List<String> models, @DefaultValue("32000") int maxContentChars, RateLimits rateLimits,
                           QuotaLimits quotas, QuotaLimits tenantBudget, KnowledgeLimits knowledge) {
    }

    /**
     * Knowledge bases: the embedding models offered (the first is the default; {@code local} runs in process,
     * {@code openai} calls {@code colloquy.openai}'s {@code /embeddings}), how long an idle embedding worker waits
     * before it looks for work again, and the largest multipart body accepted (a plan's own file limit is
     * checked after).
     */
    /** {@code retrievalTopK}: how many passages a reply drawing on knowledge bases is given at most. */
    public record Knowledge(List<EmbeddingSpec> embeddingModels, @DefaultValue("500ms") Duration idlePause,
                            @DefaultValue("26214400") long maxUploadBytes, @DefaultValue("5") int retrievalTopK) {
        public Knowledge {
            embeddingModels = embeddingModels == null || embeddingModels.isEmpty()
                    ? List.of(new EmbeddingSpec("all-minilm-l6-v2", "local", null, 384, BigDecimal.ZERO))
                    : List.copyOf(embeddingModels);
        }
    }

    /** {@code usdPerMillionTokens}: the price its tokens are charged at (a local model's are counted at 0). */
    public record EmbeddingSpec(String id, @DefaultValue("local") String provider, String upstreamName,
                                @DefaultValue("384") int dimensions,
                                @DefaultValue("0") BigDecimal usdPerMillionTokens) {
    }

    /**
     * Rate limits and quotas. {@code enabled: false} turns both off (a single-user install, or a benchmark of
     * what they cost); {@code soft-limit-percent} of a hard limit warns; a reservation nobody settled (its node
     * died between reserving and posting) is given back after {@code reservation-expiry}, which must outlast the
     * reply timeout.
     */
    public record UsageLimits(@DefaultValue("true") boolean enabled, @DefaultValue("80") int softLimitPercent,
                              @DefaultValue("15m") Duration reservationExpiry) {
    }

    /** Browser origins allowed to call the API cross-origin (bearer tokens only, never cookies). */
    public record Web(List<String> corsOrigins) {
        public Web {
            corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        }
    }

    /** The OpenAI-compatible provider; enabled when {@code base-url} is set. */
    public record OpenAi(String baseUrl, String apiKey, @DefaultValue("60s") Duration timeout) {
    }
}
