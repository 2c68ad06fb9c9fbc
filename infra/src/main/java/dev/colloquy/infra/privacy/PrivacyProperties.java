package dev.colloquy.infra.privacy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code colloquy.privacy}: how long a node may keep a key in memory (an erasure completes only that long after
 * its keys were shredded), how often erasure requests are looked for and when one whose node went silent is
 * resumed, when and how often a FAILED one whose user still has live keys is retried, and the retention of
 * conversations (catalogue R-10.3-02: 90 days; 0 keeps them for ever).
 */
@ConfigurationProperties("colloquy.privacy")
public record PrivacyProperties(@DefaultValue("30s") Duration keyCacheTtl,
                                @DefaultValue("10000") long keyCacheSize,
                                @DefaultValue("2s") Duration erasureSweepInterval,
                                @DefaultValue("2m") Duration erasureStaleAfter,
                                @DefaultValue("5m") Duration erasureRetryAfter,
                                @DefaultValue("5") int erasureMaxAttempts,
                                @DefaultValue Retention retention) {

    /** {@code interval} 0 turns the scheduled job off (it can still be run directly). */
    public record Retention(@DefaultValue("90") int conversationDays, @DefaultValue("1h") Duration interval,
                            @DefaultValue("500") int batchSize) {
    }
}
