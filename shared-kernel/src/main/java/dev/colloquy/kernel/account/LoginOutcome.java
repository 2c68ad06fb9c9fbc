package dev.colloquy.kernel.account;

/**
 * What an account says to a password. Older {@link LoginFailed} events may name {@code LOCKED}, from when the
 * account locked itself; lockouts are now per username and client address, decided before the account is asked.
 */
public enum LoginOutcome {
    ACCEPTED, WRONG_PASSWORD, DISABLED
}
