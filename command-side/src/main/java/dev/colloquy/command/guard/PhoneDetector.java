package dev.colloquy.command.guard;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

final class PhoneDetector implements Detector {
    /*
     * The whole run of digits, single separators and parentheses: the look-behind refuses to start and the
     * look-ahead to stop inside a longer run, so a date or a card number is judged as a whole instead of by a
     * phone-shaped part of it. At most 25 digits keeps the reach short; valueLength decides whether the run is a
     * phone number.
     */
    private static final Pattern RUN = Pattern.compile(
            "(?<![A-Za-z0-9_+])(?<![0-9)][ .,-])\\+?\\(?[0-9](?:\\)?[ .-]?\\(?[0-9]){6,24}(?!\\)?[ .-]?\\(?[0-9])");
    private static final Pattern SHAPE = Pattern.compile(
            "(\\+[0-9]{1,3}[ .-]?)?(\\([0-9]{1,5}\\)[ .-]?)?[0-9]{1,12}(?:[ .-][0-9]{1,12})*");
    private static final Pattern SEPARATOR = Pattern.compile("[ .-]");

    @Override
    public PiiType type() {
        return PiiType.PHONE;
    }

    @Override
    public Pattern run() {
        return RUN;
    }

    @Override
    public int valueLength(CharSequence run) {
        return isPhoneNumber(run.toString()) ? run.length() : 0;
    }

    private static boolean isPhoneNumber(String run) {
        Matcher shape = SHAPE.matcher(run);
        if (!shape.matches()) {
            return false;
        }
        long digits = run.chars().filter(Character::isDigit).count();
        if (digits < 7 || digits > 15) {
            return false;
        }
        // A country prefix or a bracketed area code is what sets phone numbers apart from other numbers.
        if (shape.group(1) != null || shape.group(2) != null) {
            return true;
        }
        List<String> groups = Arrays.asList(SEPARATOR.split(run));
        return groups.size() == 2 ? isTwoGroupNumber(run, groups) : groups.size() > 2 && isGroupedNumber(run, groups);
    }

    /**
     * Two groups are usually a range or a decimal; only a national number with its trunk 0 ("0171 1234567") or
     * the US local form ("555-0199") is taken.
     */
    private static boolean isTwoGroupNumber(String run, List<String> groups) {
        char separator = run.charAt(groups.get(0).length());
        boolean national = separator != '.' && groups.get(0).startsWith("0")
                && groups.get(0).length() + groups.get(1).length() >= 10;
        boolean local = separator == '-' && groups.get(0).length() == 3 && groups.get(1).length() == 4;
        return national || local;
    }

    /**
     * Three or more groups look like a phone number unless they read as a date, an IP address, an amount, or a
     * version or list of small numbers (a one-digit group after the first).
     */
    private static boolean isGroupedNumber(String run, List<String> groups) {
        int[] lengths = groups.stream().mapToInt(String::length).toArray();
        return !isDate(lengths) && !isDottedQuad(run, lengths) && !isThousands(run, lengths)
                && Arrays.stream(lengths).skip(1).allMatch(length -> length > 1);
    }

    private static boolean isDate(int[] lengths) {
        return lengths.length == 3 && (Arrays.equals(lengths, new int[] {4, 2, 2})
                || Arrays.equals(lengths, new int[] {2, 2, 4}));
    }

    private static boolean isDottedQuad(String run, int[] lengths) {
        return lengths.length == 4 && run.chars().noneMatch(c -> c == ' ' || c == '-')
                && Arrays.stream(lengths).allMatch(length -> length <= 3);
    }

    /** "1 000 000" and "1.000.000": thousands grouped with one separator throughout. */
    private static boolean isThousands(String run, int[] lengths) {
        long separatorKinds = run.chars().filter(c -> !Character.isDigit(c)).distinct().count();
        return separatorKinds == 1 && lengths[0] <= 3 && Arrays.stream(lengths).skip(1).allMatch(length -> length == 3);
    }
}
