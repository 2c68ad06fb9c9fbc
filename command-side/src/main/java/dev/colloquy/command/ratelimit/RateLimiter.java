package dev.colloquy.command.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.quota.RecordRateLimitRefusal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets per user and per tenant, kept in PostgreSQL so that every node takes from the same buckets:
 * two nodes together allow exactly the limit, not twice it. A request takes one token from the request buckets
 * and needs a positive balance in the token buckets; the tokens a reply consumed are charged when it ends
 * ({@link #charge}), since only then is the number known.
 */
public class RateLimiter {
    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final double PER_MINUTE = 60.0;

    private final Jdbi jdbi;
    private final CommandGateway commands;
    private final LimitTelemetry telemetry;
    private final Clock clock;
    /** Users whose refusal this node recorded in the last minute: a flood of 429s is one event a minute. */
    private final Cache<String, Boolean> recentlyRecorded = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();

    public RateLimiter(Jdbi jdbi, CommandGateway commands, LimitTelemetry telemetry, Clock clock) {
        this.jdbi = jdbi;
        this.commands = commands;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    /** The figures for the {@code X-RateLimit-*} headers; {@code limit} 0 means no request limit applies. */
    public record Admission(long limit, long remaining, Instant resetsAt) {
        public static final Admission UNLIMITED = new Admission(0, 0, null);

        /** As the error details carry it; the error envelope turns it into the same headers. */
        public Map<String, Object> details() {
            return limit == 0 ? Map.of()
                    : Map.of("limit", limit, "remaining", remaining, "reset", resetsAt.getEpochSecond());
        }
    }

    /** A bucket refilled at {@code capacity} a minute unless another rate is given. */
    record Bucket(String id, String name, double capacity, double need, double cost, double refillPerSecond) {
        Bucket(String id, String name, double capacity, double need, double cost) {
            this(id, name, capacity, need, cost, capacity / PER_MINUTE);
        }
    }

    /**
     * Admits one chat request of {@code userId} or refuses it with 429 {@code RATE_LIMITED}. {@code userLimits}
     * come from the user's plan, {@code tenantLimits} from the tenant's.
     */
    public Admission admit(String tenantId, String userId, RateLimits userLimits, RateLimits tenantLimits) {
        List<Bucket> buckets = new ArrayList<>(4);
        if (userLimits.requestsPerMinute() != null) {
            buckets.add(new Bucket(userRequests(userId), "user-requests-per-minute",
                    userLimits.requestsPerMinute(), 1, 1));
        }
        if (userLimits.tokensPerMinute() != null) {
            buckets.add(new Bucket(userTokens(userId), "user-tokens-per-minute", userLimits.tokensPerMinute(), 1, 0));
        }
        if (tenantLimits.tenantRequestsPerMinute() != null) {
            buckets.add(new Bucket(tenantRequests(tenantId), "tenant-requests-per-minute",
                    tenantLimits.tenantRequestsPerMinute(), 1, 1));
        }
        if (tenantLimits.tenantTokensPerMinute() != null) {
            buckets.add(new Bucket(tenantTokens(tenantId), "tenant-tokens-per-minute",
                    tenantLimits.tenantTokensPerMinute(), 1, 0));
        }
        if (buckets.isEmpty()) {
            return Admission.UNLIMITED;
        }
        buckets.sort(Comparator.comparing(Bucket::id));
        Map<String, Taken> taken = take(buckets);
        Instant now = clock.instant();
        // The headers show the request bucket closest to refusing: the user's, unless the tenant is busier.
        Bucket shown = buckets.stream().filter(b -> b.cost() > 0)
                .min(Comparator.comparingDouble(b -> taken.get(b.id()).tokensLeft()))
                .orElse(buckets.getFirst());
        for (Bucket bucket : buckets) {
            Taken result = taken.get(bucket.id());
            if (!result.admitted() && result.waitSeconds() > 0) {
                refused(tenantId, userId, bucket, result, now, false);
            }
        }
        Taken result = taken.get(shown.id());
        return admission(shown, result, now);
    }

    /**
     * Admits one chat request of a user throttled for abuse, from a bucket of its own holding {@code perMinute}
     * requests, or refuses it with 429 {@code RATE_LIMITED} whose details say {@code throttled}. Checked before,
     * and besides, the plan's buckets.
     */
    public void admitThrottled(String tenantId, String userId, int perMinute) {
        Bucket bucket = new Bucket("user:" + userId + ":throttled", "throttled-requests-per-minute", perMinute, 1, 1);
        Taken result = take(List.of(bucket)).get(bucket.id());
        if (!result.admitted()) {
            refused(tenantId, userId, bucket, result, clock.instant(), true);
        }
    }

    /**
     * Admits one sign-in attempt from {@code clientAddress} or refuses it with 429 {@code RATE_LIMITED}: password
     * guessing across many accounts from one source is slowed down before any password is checked.
     */
    public void admitSignIn(String clientAddress, int perMinute) {
        if (perMinute <= 0) {
            return;
        }
        Bucket bucket = new Bucket("sign-in:" + source(clientAddress), "sign-ins-per-minute", perMinute, 1, 1);
        Taken result = take(List.of(bucket)).get(bucket.id());
        if (!result.admitted()) {
            refused(null, null, bucket, result, clock.instant(), false);
        }
    }

    /**
     * Deletes buckets that are full again and nobody used for {@code idle}: a missing bucket starts full, so
     * nothing changes but the table's size, which stays with the users, tenants and addresses seen lately,
     * however many addresses try to sign in. {@code idle} must outlast a reply, whose tokens are charged to its
     * buckets when it ends.
     */
    public int forgetFullBuckets(Duration idle) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        delete from rate_bucket
                        where refilled_at < clock_timestamp() - make_interval(secs => :idle)
                          and tokens + extract(epoch from clock_timestamp() - refilled_at) * refill_per_second
                              >= capacity""")
                .bind("idle", (double) idle.toSeconds()).execute());
    }

    /** Drops a bucket, which starts full the next time it is used. */
    void forget(String bucketId) {
        jdbi.useHandle(handle -> handle.createUpdate("delete from rate_bucket where id = :id")
                .bind("id", bucketId).execute());
    }

    /**
     * Returns the request a refusal took from the user's and tenant's request buckets: one refused because the
     * user already has the replies in progress their plan allows made no reply, and its retry must not drain them.
     */
    public void giveBack(String tenantId, String userId) {
        List<String> ids = Stream.of(tenantRequests(tenantId), userRequests(userId)).sorted().toList();
        jdbi.useHandle(handle -> handle.createQuery("select rate_charge(:ids, :amount)")
                .bindArray("ids", String.class, ids).bind("amount", -1.0)
                .mapTo(String.class).findOne());
    }

    /** Charges the tokens a reply consumed to the user's and the tenant's token buckets. */
    public void charge(String tenantId, String userId, long tokens) {
        if (tokens <= 0) {
            return;
        }
        List<String> ids = Stream.of(tenantTokens(tenantId), userTokens(userId)).sorted().toList();
        jdbi.useHandle(handle -> handle.createQuery("select rate_charge(:ids, :amount)")
                .bindArray("ids", String.class, ids).bind("amount", (double) tokens)
                .mapTo(String.class).findOne());
    }

    record Taken(boolean admitted, double tokensLeft, double waitSeconds) {
    }

    Map<String, Taken> take(List<Bucket> buckets) {
        return jdbi.withHandle(handle -> {
            Map<String, Taken> result = new LinkedHashMap<>();
            handle.createQuery("select bucket_id, admitted, tokens_left, wait_seconds from rate_take("
                            + ":ids, :capacities, :refills, :needs, :costs)")
                    .bindArray("ids", String.class, buckets.stream().map(Bucket::id).toList())
                    .bindArray("capacities", Double.class, buckets.stream().map(Bucket::capacity).toList())
                    .bindArray("refills", Double.class, buckets.stream().map(Bucket::refillPerSecond).toList())
                    .bindArray("needs", Double.class, buckets.stream().map(Bucket::need).toList())
                    .bindArray("costs", Double.class, buckets.stream().map(Bucket::cost).toList())
                    .map((rs, ctx) -> Map.entry(rs.getString(1),
                            new Taken(rs.getBoolean(2), rs.getDouble(3), rs.getDouble(4))))
                    .forEach(e -> result.put(e.getKey(), e.getValue()));
            return result;
        });
    }

    /** Refuses the request; a known user's refusal is also recorded on the account, at most once a minute. */
    private void refused(String tenantId, String userId, Bucket bucket, Taken result, Instant now,
                         boolean throttled) {
        telemetry.rateLimited(bucket.name());
        if (userId != null && recentlyRecorded.asMap().putIfAbsent(userId, Boolean.TRUE) == null) {
            commands.send(new RecordRateLimitRefusal(userId, tenantId, bucket.name()))
                    .exceptionally(e -> {
                        log.warn("could not record a rate-limit refusal of user {}: {}", userId, e.toString());
                        return null;
                    });
        }
        long retryAfter = Math.max(1, (long) Math.ceil(result.waitSeconds()));
        Admission admission = admission(bucket, result, now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("limit", bucket.name());
        details.put("limitValue", (long) bucket.capacity());
        details.put("retryAfterSeconds", retryAfter);
        details.put("rateLimit", admission.details());
        if (throttled) {
            details.put("throttled", true);
            throw new ColloquyException(ErrorCode.RATE_LIMITED, "your account is throttled for suspected abuse to "
                    + (long) bucket.capacity() + " requests a minute; retry in " + retryAfter
                    + " s, or ask your administrator to reinstate it", details);
        }
        throw new ColloquyException(ErrorCode.RATE_LIMITED, "too many requests: " + bucket.name() + " is "
                + (long) bucket.capacity() + "; retry in " + retryAfter + " s", details);
    }

    private static Admission admission(Bucket bucket, Taken result, Instant now) {
        double left = Math.max(0, result.tokensLeft());
        double secondsToFull = (bucket.capacity() - result.tokensLeft()) / bucket.refillPerSecond();
        return new Admission((long) bucket.capacity(), (long) Math.floor(left),
                now.plusMillis((long) Math.ceil(Math.max(0, secondsToFull) * 1000)));
    }

    /**
     * An IPv6 client owns at least a /64 and can rotate its address within it at will, so the /64 is the
     * source; an IPv4 address is its own. Only literals reach here (the container's remote address).
     */
    static String source(String address) {
        if (!address.contains(":")) {
            return address;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            return bytes.length == 16 ? HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : address;
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static String userRequests(String userId) {
        return "user:" + userId + ":requests";
    }

    private static String userTokens(String userId) {
        return "user:" + userId + ":tokens";
    }

    private static String tenantRequests(String tenantId) {
        return "tenant:" + tenantId + ":requests";
    }

    private static String tenantTokens(String tenantId) {
        return "tenant:" + tenantId + ":tokens";
    }
}
