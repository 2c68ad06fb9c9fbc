package dev.colloquy.kernel.reply;

import org.axonframework.serialization.Revision;

/** Revision 2 added the prices the reply was started at (null for older replies and unpriced models). */
@Revision("2")
public record ReplyStarted(String conversationId, String replyId, ReplyPrice price) {
}
