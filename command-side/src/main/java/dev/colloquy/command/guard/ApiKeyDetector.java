package dev.colloquy.command.guard;

import java.util.regex.Pattern;

final class ApiKeyDetector implements Detector {
    /*
     * Bodies are capped at 200 characters (the longest real keys, OpenAI project keys, are about 170) so that the
     * reach stays under the streaming holdback bound; with no look-ahead after the body a longer key is still
     * redacted up to the cap rather than not at all.
     */
    private static final Pattern RUN = Pattern.compile("(?<![A-Za-z0-9_])(?:"
            + "sk-[A-Za-z0-9_-]{20,200}"
            + "|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,200}"
            + "|api_key_[A-Za-z0-9]{20,200}"
            + "|ck_[A-Za-z0-9_-]{20,200}"
            + "|AKIA[0-9A-Z]{16}"
            + "|gh[pousr]_[A-Za-z0-9]{20,200}"
            + "|github_pat_[A-Za-z0-9_]{20,200})");

    @Override
    public PiiType type() {
        return PiiType.API_KEY;
    }

    @Override
    public Pattern run() {
        return RUN;
    }

    /** Generated keys carry digits; hyphenated prose after a prefix ("sk-learn-compatible-estimators") does not. */
    @Override
    public int valueLength(CharSequence run) {
        return run.chars().anyMatch(Character::isDigit) ? run.length() : 0;
    }
}
