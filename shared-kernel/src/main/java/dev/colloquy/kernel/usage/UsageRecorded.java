package dev.colloquy.kernel.usage;

import java.math.BigDecimal;
import org.axonframework.serialization.Revision;

@Revision("1")
public record UsageRecorded(String conversationId, String replyId, String tenantId, String ownerId, String model,
                            long promptTokens, long completionTokens, BigDecimal costUsd) {
}
