package dev.colloquy.query.csv;

import java.math.BigDecimal;
import java.util.List;

/**
 * RFC 4180 records: CRLF line breaks, and a field with a comma, quote or line break in quotes, its quotes
 * doubled. Text that a spreadsheet would run as a formula (starting with {@code = + - @}, a tab or a carriage
 * return, and not a number) gets a leading apostrophe, so opening an export never executes a user's message.
 */
public final class CsvRecords {
    private CsvRecords() {
    }

    public static void append(StringBuilder csv, List<String> fields) {
        csv.append(String.join(",", fields.stream().map(CsvRecords::field).toList())).append("\r\n");
    }

    static String field(String value) {
        String safe = value == null ? "" : neutralised(value);
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\r") || safe.contains("\n")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }

    private static String neutralised(String value) {
        if (value.isEmpty() || "=+-@\t\r".indexOf(value.charAt(0)) < 0 || isNumber(value)) {
            return value;
        }
        return "'" + value;
    }

    private static boolean isNumber(String value) {
        try {
            new BigDecimal(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
