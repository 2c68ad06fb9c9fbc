package dev.colloquy.command.guard;

import java.util.regex.Pattern;

final class EmailDetector implements Detector {
    /*
     * The local part is capped at its RFC limit of 64 and the domain run at 180 (a look-ahead, because labels alone
     * would allow eight times 63): that keeps the reach at 246, under the streaming holdback bound. The trailing
     * dot of a sentence is left out by requiring the address to end in a letter-only TLD.
     */
    private static final Pattern RUN = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?=[A-Za-z0-9.-]{1,180}(?![A-Za-z0-9.-]))"
                    + "(?:[A-Za-z0-9-]{1,63}\\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])");

    @Override
    public PiiType type() {
        return PiiType.EMAIL;
    }

    @Override
    public Pattern run() {
        return RUN;
    }

    @Override
    public int valueLength(CharSequence run) {
        return run.length();
    }
}
