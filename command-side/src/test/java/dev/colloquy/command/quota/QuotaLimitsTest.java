package dev.colloquy.command.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.colloquy.kernel.quota.QuotaLimit;
import dev.colloquy.kernel.quota.QuotaLimit.Period;
import dev.colloquy.kernel.quota.QuotaLimits;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuotaLimitsTest {
    private static final QuotaLimits PLAN = new QuotaLimits(60L, 300L, 200_000L, 2_000_000L,
            new BigDecimal("0.50"), new BigDecimal("5.00"));

    @Test
    void aTenantOverrideReplacesOnlyTheFieldsItSets() {
        QuotaLimits tenant = new QuotaLimits(null, 1000L, null, null, null, null);
        QuotaLimits effective = PLAN.overriddenBy(tenant);
        assertThat(effective.messagesPerDay()).isEqualTo(1000L);
        assertThat(effective.messagesPerHour()).isEqualTo(60L);
        assertThat(effective.costPerMonth()).isEqualByComparingTo("5.00");
    }

    @Test
    void theUsersOverrideWinsOverTheTenants() {
        QuotaLimits tenant = new QuotaLimits(null, 1000L, null, null, null, null);
        QuotaLimits user = new QuotaLimits(null, 10L, null, null, null, null);
        assertThat(PLAN.overriddenBy(tenant).overriddenBy(user).messagesPerDay()).isEqualTo(10L);
        assertThat(PLAN.overriddenBy(QuotaLimits.NONE)).isEqualTo(PLAN);
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThatThrownBy(() -> new QuotaLimits(-1L, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuotaLimits(null, null, null, null, new BigDecimal("-0.01"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void periodsAreCalendarPeriodsInUtc() {
        Instant at = Instant.parse("2026-11-22T15:42:10.5Z");
        assertThat(Period.HOUR.start(at)).isEqualTo(Instant.parse("2026-11-22T15:00:00Z"));
        assertThat(Period.HOUR.end(at)).isEqualTo(Instant.parse("2026-11-22T16:00:00Z"));
        assertThat(Period.DAY.start(at)).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(Period.MONTH.start(at)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(Period.MONTH.end(at)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void decemberEndsOnTheFirstOfJanuary() {
        Instant newYearsEve = Instant.parse("2026-12-31T23:59:59Z");
        assertThat(Period.MONTH.end(newYearsEve)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(Period.DAY.end(newYearsEve)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(Period.MONTH.start(Instant.parse("2027-01-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void limitsHaveStableWireNames() {
        for (QuotaLimit limit : QuotaLimit.values()) {
            assertThat(QuotaLimit.fromWireName(limit.wireName())).isEqualTo(limit);
        }
        assertThat(QuotaLimit.TOKENS_PER_DAY.wireName()).isEqualTo("tokens-per-day");
    }
}
