package dev.colloquy.kernel.usage;

import java.math.BigDecimal;
import org.axonframework.serialization.Revision;

/** A reply's charge; {@code estimated} when its tokens were counted here because the upstream reported none. */
@Revision("2")
public record UsageRecorded(String conversationId, String replyId, String tenantId, String ownerId, String model,
                            long promptTokens, long completionTokens, BigDecimal costUsd, boolean estimated) {
}
