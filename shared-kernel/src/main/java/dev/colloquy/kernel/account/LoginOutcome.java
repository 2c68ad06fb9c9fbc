package dev.colloquy.kernel.account;

public enum LoginOutcome {
    ACCEPTED, WRONG_PASSWORD, LOCKED, DISABLED
}
