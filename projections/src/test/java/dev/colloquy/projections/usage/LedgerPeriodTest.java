package dev.colloquy.projections.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LedgerPeriodTest {

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
        assertThat(LedgerPeriod.HOUR.startOf(at)).isEqualTo(hour);
        assertThat(LedgerPeriod.DAY.startOf(at)).isEqualTo(day);
        assertThat(LedgerPeriod.MONTH.startOf(at)).isEqualTo(month);
    }

    @ParameterizedTest(name = "{0} is stored as {1}")
    @CsvSource({"HOUR, hour", "DAY, day", "MONTH, month"})
    void theColumnValuesAreTheOnesTheTableAccepts(LedgerPeriod period, String column) {
        assertThat(period.column()).isEqualTo(column);
    }
}
