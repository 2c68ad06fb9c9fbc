package dev.colloquy.command.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.colloquy.kernel.quota.QuotaLimit;
import dev.colloquy.kernel.quota.QuotaLimits;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
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
    void aUsersOverrideCanLowerALimitButNotRaiseIt() {
        QuotaLimits tenant = PLAN.overriddenBy(new QuotaLimits(null, 1000L, null, null, null, null));
        QuotaLimits user = new QuotaLimits(10L, 5000L, null, null, new BigDecimal("0.10"), null);
        QuotaLimits effective = tenant.narrowedBy(user);
        assertThat(effective.messagesPerHour()).isEqualTo(10L);
        assertThat(effective.messagesPerDay()).as("above the tenant's 1000").isEqualTo(1000L);
        assertThat(effective.costPerDay()).isEqualByComparingTo("0.10");
        assertThat(effective.tokensPerDay()).isEqualTo(200_000L);
    }

    @Test
    void aUsersOverrideLimitsWhatTheTenantLeftUnlimited() {
        QuotaLimits unlimited = QuotaLimits.NONE.narrowedBy(new QuotaLimits(null, 7L, null, null, null, null));
        assertThat(unlimited.messagesPerDay()).isEqualTo(7L);
        assertThat(PLAN.overriddenBy(QuotaLimits.NONE).narrowedBy(QuotaLimits.NONE)).isEqualTo(PLAN);
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThatThrownBy(() -> new QuotaLimits(-1L, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuotaLimits(null, null, null, null, new BigDecimal("-0.01"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachLimitReadsBackWhatItWasBuiltFrom() {
        Map<QuotaLimit, BigDecimal> values = new EnumMap<>(QuotaLimit.class);
        for (QuotaLimit limit : QuotaLimit.values()) {
            values.put(limit, PLAN.value(limit));
        }
        assertThat(QuotaLimits.of(values)).isEqualTo(PLAN);
        assertThat(QuotaLimits.of(Map.of())).isEqualTo(QuotaLimits.NONE);
    }

    @Test
    void limitsHaveStableWireNames() {
        for (QuotaLimit limit : QuotaLimit.values()) {
            assertThat(QuotaLimit.fromWireName(limit.wireName())).isEqualTo(limit);
        }
        assertThat(QuotaLimit.TOKENS_PER_DAY.wireName()).isEqualTo("tokens-per-day");
    }
}
