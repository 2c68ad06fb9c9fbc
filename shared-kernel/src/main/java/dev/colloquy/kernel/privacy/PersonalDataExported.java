package dev.colloquy.kernel.privacy;

import org.axonframework.serialization.Revision;

/** A user downloaded everything held about them (GDPR Art. 15/20): a processing activity, so it is recorded. */
@Revision("1")
public record PersonalDataExported(String userId, String tenantId, String format) {
}
