package dev.colloquy.command.guard;

import java.util.regex.Pattern;

final class IbanDetector implements Detector {
    /*
     * Country, check digits, then up to 30 characters with optional single spaces. The run is greedy and may take in
     * an upper-case word that follows; valueLength backs off group by group until the checksum holds.
     */
    private static final Pattern RUN = Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}");

    @Override
    public PiiType type() {
        return PiiType.IBAN;
    }

    @Override
    public Pattern run() {
        return RUN;
    }

    @Override
    public int valueLength(CharSequence run) {
        return Detector.longestValidPrefix(run,
                iban -> iban.length() >= 15 && iban.length() <= 34 && passesMod97(iban));
    }

    /** ISO 13616: the country and check digits moved to the end, letters as 10..35, the number mod 97 is 1. */
    private static boolean passesMod97(String iban) {
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            int value = Character.digit(rearranged.charAt(i), 36);
            remainder = (remainder * (value < 10 ? 10 : 100) + value) % 97;
        }
        return remainder == 1;
    }
}
