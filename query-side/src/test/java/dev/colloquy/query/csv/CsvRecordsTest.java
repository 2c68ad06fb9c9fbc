package dev.colloquy.query.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvRecordsTest {

    @ParameterizedTest(name = "[{0}] is written as [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "plain-model     | plain-model",
            "'a,b'           | '\"a,b\"'",
            "'say \"hi\"'    | '\"say \"\"hi\"\"\"'",
            "'\"'            | '\"\"\"\"'",
            "''              | ''"})
    void quotesOnlyTheFieldsThatNeedIt(String value, String written) {
        assertThat(CsvRecords.field(value)).isEqualTo(written);
    }

    @Test
    void quotesLineBreaksSoThatARecordStaysOneRecord() {
        assertThat(CsvRecords.field("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
        assertThat(CsvRecords.field("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @ParameterizedTest(name = "[{0}] opens as text, not as a formula")
    @ValueSource(strings = {"=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tcmd"})
    void neutralisesWhatASpreadsheetWouldRunAsAFormula(String value) {
        assertThat(CsvRecords.field(value)).isEqualTo("'" + value);
    }

    @ParameterizedTest(name = "[{0}] stays a number")
    @ValueSource(strings = {"-12", "-0.000112", "+3", "1e5"})
    void leavesNumbersAlone(String value) {
        assertThat(CsvRecords.field(value)).isEqualTo(value);
    }
}
