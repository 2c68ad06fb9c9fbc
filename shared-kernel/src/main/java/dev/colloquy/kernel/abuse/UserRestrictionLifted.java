package dev.colloquy.kernel.abuse;

import org.axonframework.serialization.Revision;

/** The user may chat normally again; the abuse evidence gathered before this moment no longer counts. */
@Revision("1")
public record UserRestrictionLifted(String userId, String tenantId, RestrictionMode liftedMode) {
}
