package dev.colloquy.command.quota;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.colloquy.command.account.AccountCache;
import dev.colloquy.command.account.AccountDirectory.QuotaSettings;
import dev.colloquy.command.plan.Plan;
import dev.colloquy.command.plan.Plans;
import dev.colloquy.command.ratelimit.LimitTelemetry;
import dev.colloquy.command.ratelimit.RateLimiter;
import dev.colloquy.command.ratelimit.RateLimits;
import dev.colloquy.command.reply.ReplyDeltaSink;
import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.conversation.MessageAccepted;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.quota.QuotaLimit;
import dev.colloquy.kernel.quota.QuotaLimits;
import dev.colloquy.kernel.quota.QuotaScope;
import dev.colloquy.kernel.quota.QuotaWarning;
import dev.colloquy.kernel.quota.RecordQuotaRefusal;
import dev.colloquy.kernel.quota.RecordQuotaWarning;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What stands between a chat request and the model: the rate limits (at the door, before anything else), the
 * sender's quota (reserved by the conversation when it accepts the message) and what the sender is told about
 * both: {@code X-RateLimit-*} and {@code X-Quota-Warning} headers, a {@code quota} event on the reply stream,
 * and the recorded refusals and warnings.
 */
public class ChatAdmission {
    private static final Logger log = LoggerFactory.getLogger(ChatAdmission.class);

    private final RateLimiter limiter;
    private final Plans plans;
    private final AccountCache accounts;
    private final CommandGateway commands;
    private final ReplyDeltaSink sink;
    private final LimitTelemetry telemetry;
    private final boolean enforced;
    private final int throttledPerMinute;
    /** Warnings this node recorded: each limit and period is sent to the account once, not once per request. */
    private final Cache<String, Boolean> recordedWarnings = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofHours(1)).build();

    public ChatAdmission(RateLimiter limiter, Plans plans, AccountCache accounts,
                         CommandGateway commands, ReplyDeltaSink sink, LimitTelemetry telemetry,
                         boolean enforced, int throttledPerMinute) {
        this.limiter = limiter;
        this.plans = plans;
        this.accounts = accounts;
        this.commands = commands;
        this.sink = sink;
        this.telemetry = telemetry;
        this.enforced = enforced;
        this.throttledPerMinute = throttledPerMinute;
    }

    /**
     * A request let through: the sender's quota, the tenant's budget, the sender's stream limit, and the rate-limit
     * figures to show.
     */
    public record Ticket(QuotaLimits quota, QuotaLimits tenantBudget, int maxConcurrentReplies,
                         RateLimiter.Admission rate) {
    }

    /**
     * Takes the request from the rate buckets or refuses it with 429 {@code RATE_LIMITED}. A user throttled for
     * abuse is held to the throttle's rate even when limits are otherwise off.
     */
    public Ticket admit(Caller caller) {
        QuotaSettings settings = settings(caller);
        if (settings.throttled()) {
            limiter.admitThrottled(caller.tenantId(), caller.userId(), throttledPerMinute);
        }
        if (!enforced) {
            return new Ticket(QuotaLimits.NONE, QuotaLimits.NONE, 0, RateLimiter.Admission.UNLIMITED);
        }
        Plan plan = plans.governing(caller);
        Optional<Plan> tenantPlan = plans.find(settings.tenantPlan());
        RateLimits tenantRates = tenantPlan.map(Plan::rateLimits).orElse(RateLimits.NONE);
        RateLimiter.Admission rate = limiter.admit(caller.tenantId(), caller.userId(), plan.rateLimits(), tenantRates);
        QuotaLimits budget = tenantPlan.map(Plan::tenantBudget).orElse(QuotaLimits.NONE)
                .overriddenBy(settings.tenantBudget());
        Integer streams = plan.rateLimits().concurrentStreams();
        return new Ticket(quota(plan, settings), budget, streams == null ? 0 : streams, rate);
    }

    /**
     * The caller's quota: the plan's, replaced field by field by the tenant's overrides, narrowed by the user's
     * (a tenant admin can hold a user back, not give them more than the tenant has).
     */
    public QuotaLimits quotaOf(Caller caller) {
        return quota(plans.governing(caller), settings(caller));
    }

    /** The name of the plan whose limits bind the caller. */
    public String planOf(Caller caller) {
        return plans.governing(caller).name();
    }

    private static QuotaLimits quota(Plan plan, QuotaSettings settings) {
        return plan.quotas().overriddenBy(settings.tenantOverrides()).narrowedBy(settings.userOverrides());
    }

    private QuotaSettings settings(Caller caller) {
        return accounts.quotaSettings(caller.userId()).orElseThrow(
                () -> new ColloquyException(ErrorCode.AUTHENTICATION_ERROR, "the account no longer exists"));
    }

    /**
     * Counts a refusal by the conversation (a hard quota limit, or too many replies in progress) and records a
     * hard-limit refusal on the sender's account; any other failure passes through untouched.
     */
    public void failed(Caller caller, String conversationId, RuntimeException failure) {
        Optional<ColloquyException> refusal = ColloquyException.causeOf(failure);
        refusal.filter(e -> e.code() == ErrorCode.RATE_LIMITED)
                .ifPresent(e -> telemetry.rateLimited(String.valueOf(e.details().get("limit"))));
        refusal.filter(e -> "concurrent-streams".equals(e.details().get("limit")))
                .ifPresent(e -> limiter.giveBack(caller.tenantId(), caller.userId()));
        refusal.filter(e -> e.code() == ErrorCode.QUOTA_EXCEEDED).ifPresent(e -> {
            QuotaLimit limit = QuotaLimit.fromWireName(String.valueOf(e.details().get("limit")));
            QuotaScope scope = QuotaScope.valueOf(String.valueOf(e.details().get("scope")).toUpperCase(Locale.ROOT));
            telemetry.quotaExceeded(scope, limit);
            try {
                commands.sendAndWait(new RecordQuotaRefusal(caller.userId(), caller.tenantId(), scope, limit,
                        conversationId, Instant.parse(String.valueOf(e.details().get("resetsAt")))));
            } catch (RuntimeException notRecorded) {
                // The sender still gets the 429; losing the record is logged rather than turned into a 500.
                log.warn("could not record a quota refusal of user {}: {}", caller.userId(), notRecorded.toString());
            }
        });
    }

    /** The headers for an accepted message; its warnings are also streamed and recorded once per period. */
    public Map<String, String> accepted(Caller caller, Ticket ticket, MessageAccepted accepted) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, Object> rate = ticket.rate().details();
        if (!rate.isEmpty()) {
            headers.put("X-RateLimit-Limit", rate.get("limit").toString());
            headers.put("X-RateLimit-Remaining", rate.get("remaining").toString());
            headers.put("X-RateLimit-Reset", rate.get("reset").toString());
        }
        List<QuotaWarning> warnings = accepted.quotaWarnings();
        if (warnings.isEmpty()) {
            return headers;
        }
        headers.put("X-Quota-Warning", warnings.stream().map(w -> w.label() + "=" + w.percent() + "%")
                .collect(Collectors.joining(", ")));
        warnings.forEach(w -> telemetry.quotaWarned(w.scope(), w.limit()));
        sink.notice(accepted.replyId(), "quota", Map.of("warnings", warnings.stream().map(ChatAdmission::describe)
                .toList()));
        // The account records its own soft limits; a tenant's budget is the tenant admins' to watch (usage report).
        for (QuotaWarning warning : warnings.stream().filter(w -> w.scope() == QuotaScope.USER).toList()) {
            String key = caller.userId() + "|" + warning.limit() + "|" + warning.periodStart();
            if (recordedWarnings.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
                commands.send(new RecordQuotaWarning(caller.userId(), caller.tenantId(), warning.limit(),
                        warning.periodStart(), warning.used(), warning.limitValue())).exceptionally(e -> {
                            recordedWarnings.invalidate(key);
                            log.warn("could not record a quota warning for user {}: {}", caller.userId(), e.toString());
                            return null;
                        });
            }
        }
        return headers;
    }

    static Map<String, Object> describe(QuotaWarning warning) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("scope", warning.scope().wireName());
        data.put("limit", warning.limit().wireName());
        data.put("percent", warning.percent());
        data.put("used", warning.used());
        data.put("limitValue", warning.limitValue());
        data.put("resetsAt", warning.limit().period().end(warning.periodStart()).toString());
        return data;
    }
}
