package dev.colloquy.projections.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.colloquy.kernel.usage.UsagePeriod;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsagePeriodTest {

    @ParameterizedTest(name = "{0} falls in the hour {1}, the day {2}, the month {3}")
    @CsvSource({
            "2026-03-14T15:09:26.535Z, 2026-03-14T15:00:00Z, 2026-03-14T00:00:00Z, 2026-03-01T00:00:00Z",
            // the first instant of a period is in that period, the last one still in the one before
            "2026-01-01T00:00:00Z,     2026-01-01T00:00:00Z, 2026-01-01T00:00:00Z, 2026-01-01T00:00:00Z",
            "2025-12-31T23:59:59.999999999Z, 2025-12-31T23:00:00Z, 2025-12-31T00:00:00Z, 2025-12-01T00:00:00Z",
            // a leap day and the end of February
            "2024-02-29T12:30:00Z,     2024-02-29T12:00:00Z, 2024-02-29T00:00:00Z, 2024-02-01T00:00:00Z",
            "2025-03-01T00:00:00.001Z, 2025-03-01T00:00:00Z, 2025-03-01T00:00:00Z, 2025-03-01T00:00:00Z"})
    void periodsAreUtcCalendarPeriods(Instant at, Instant hour, Instant day, Instant month) {
        assertThat(UsagePeriod.HOUR.start(at)).isEqualTo(hour);
        assertThat(UsagePeriod.DAY.start(at)).isEqualTo(day);
        assertThat(UsagePeriod.MONTH.start(at)).isEqualTo(month);
    }

    @ParameterizedTest(name = "{0} is stored as {1}")
    @CsvSource({"HOUR, hour", "DAY, day", "MONTH, month"})
    void theColumnValuesAreTheOnesTheTableAccepts(UsagePeriod period, String column) {
        assertThat(period.wireName()).isEqualTo(column);
    }

    @Test
    void aPeriodEndsWhereTheNextBegins() {
        Instant at = Instant.parse("2026-11-22T15:42:10.5Z");
        assertThat(UsagePeriod.HOUR.start(at)).isEqualTo(Instant.parse("2026-11-22T15:00:00Z"));
        assertThat(UsagePeriod.HOUR.end(at)).isEqualTo(Instant.parse("2026-11-22T16:00:00Z"));
        assertThat(UsagePeriod.DAY.start(at)).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(UsagePeriod.MONTH.start(at)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(UsagePeriod.MONTH.end(at)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void decemberEndsOnTheFirstOfJanuary() {
        Instant newYearsEve = Instant.parse("2026-12-31T23:59:59Z");
        assertThat(UsagePeriod.MONTH.end(newYearsEve)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(UsagePeriod.DAY.end(newYearsEve)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(UsagePeriod.MONTH.start(Instant.parse("2027-01-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }
}
