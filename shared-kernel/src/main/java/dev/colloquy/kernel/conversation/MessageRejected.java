package dev.colloquy.kernel.conversation;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A refused attempt. Only a digest and the length of the text are kept: enough to recognise a repeated attempt,
 * without storing what the tenant chose not to accept.
 */
@Revision("1")
public record MessageRejected(String conversationId, String reason, String contentSha256, int contentLength,
                              int injectionScore, List<String> injectionCategories) {
}
