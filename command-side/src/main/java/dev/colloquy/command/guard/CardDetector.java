package dev.colloquy.command.guard;

import java.util.regex.Pattern;

final class CardDetector implements Detector {
    /*
     * A whole run of up to 24 digits in single-space or single-dash groups: the run may carry one group more than a
     * card (a card number followed by a year); the look-behind refuses to start and the look-ahead to stop inside a
     * longer run, which is no card, so that a Luhn-valid part of it is not taken for one.
     */
    private static final Pattern RUN =
            Pattern.compile("(?<![A-Za-z0-9_])(?<![0-9][ .,-])[0-9](?:[ -]?[0-9]){12,23}(?![ -]?[0-9])");

    @Override
    public PiiType type() {
        return PiiType.PAYMENT_CARD;
    }

    @Override
    public Pattern run() {
        return RUN;
    }

    @Override
    public int valueLength(CharSequence run) {
        return Detector.longestValidPrefix(run, CardDetector::isCardNumber);
    }

    /**
     * Luhn alone passes one number in ten, so the first digit must be a major network's (Mastercard 2 and 5, Amex 3,
     * Visa 4, Discover 6): that keeps millisecond timestamps (17…) and zero padding out.
     */
    private static boolean isCardNumber(String digits) {
        char network = digits.charAt(0);
        return digits.length() >= 13 && digits.length() <= 19 && network >= '2' && network <= '6'
                && passesLuhn(digits);
    }

    private static boolean passesLuhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
