package dev.colloquy.kernel.query;

/** What the account side holds about one user, for that user's own data export. */
public record FindAccountProfile(String tenantId, String userId) {
}
