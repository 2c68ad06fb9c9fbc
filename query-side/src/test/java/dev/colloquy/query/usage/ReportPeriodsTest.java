package dev.colloquy.query.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The billed month, the reported range of days and the grouping, as parsed from query parameters. */
class ReportPeriodsTest {

    @ParameterizedTest(name = "{0} runs from {1} to {2}")
    @CsvSource({
            "2025-12, 2025-12-01T00:00:00Z, 2026-01-01T00:00:00Z",
            "2026-01, 2026-01-01T00:00:00Z, 2026-02-01T00:00:00Z",
            "2024-02, 2024-02-01T00:00:00Z, 2024-03-01T00:00:00Z",
            "2025-11, 2025-11-01T00:00:00Z, 2025-12-01T00:00:00Z"})
    void aMonthIsItsUtcCalendarMonth(String month, Instant start, Instant end) {
        BillingMonth billed = BillingMonth.parse(month);

        assertThat(billed.start()).isEqualTo(start);
        assertThat(billed.endExclusive()).isEqualTo(end);
        assertThat(billed).hasToString(month);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13", "2026-00", "2026-1", "26-01", "2026/01", "+2026-01", "2026-01-01", ""})
    void aMalformedMonthIsAValidationErrorNamingTheField(String month) {
        assertInvalid(() -> BillingMonth.parse(month), "month");
    }

    @Test
    void aMissingMonthIsAValidationError() {
        assertInvalid(() -> BillingMonth.parse(null), "month");
    }

    @Test
    void aRangeCoversWholeDaysWithBothEndsIncluded() {
        ReportRange range = ReportRange.parse("2025-12-31", "2026-01-01");

        assertThat(range.start()).isEqualTo(Instant.parse("2025-12-31T00:00:00Z"));
        assertThat(range.endExclusive()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
    }

    @Test
    void aRangeOfOneDayIsThatDay() {
        ReportRange range = ReportRange.parse("2026-02-28", "2026-02-28");

        assertThat(range.endExclusive()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    }

    @Test
    void aRangeIsAtMostAYearAndNeverBackwards() {
        assertThat(ReportRange.parse("2024-01-01", "2024-12-31").to()).hasToString("2024-12-31");
        assertInvalid(() -> ReportRange.parse("2024-01-01", "2025-01-01"), "to");
        assertInvalid(() -> ReportRange.parse("2026-01-02", "2026-01-01"), "to");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "null, 2026-01-01, from", "2026-01-01, null, to", "2026-1-1, 2026-01-02, from",
            "2026-01-01, 2026-01-01T00:00:00Z, to", "2026-02-30, 2026-03-01, from"})
    void aMissingOrMalformedDateIsAValidationErrorNamingTheField(String from, String to, String field) {
        assertInvalid(() -> ReportRange.parse(from, to), field);
    }

    @Test
    void groupingsAreUserModelOrDay() {
        assertThat(UsageGrouping.parse("user")).isEqualTo(UsageGrouping.USER);
        assertThat(UsageGrouping.parse("model")).isEqualTo(UsageGrouping.MODEL);
        assertThat(UsageGrouping.parse("day")).isEqualTo(UsageGrouping.DAY);
        assertInvalid(() -> UsageGrouping.parse("USER"), "groupBy");
        assertInvalid(() -> UsageGrouping.parse("tenant"), "groupBy");
    }

    private static void assertInvalid(Runnable parse, String field) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(ColloquyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(e.details()).containsEntry("field", field);
        });
    }
}
