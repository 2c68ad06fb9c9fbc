package dev.colloquy.command.reply;

/** The nodes generating replies: how to ask the one that generates a reply to stop it. */
public interface ReplyOwners {
    /**
     * Asks the live node generating {@code replyId}, if it is another one, to cancel it for the caller; false when
     * no other node is generating it.
     */
    boolean cancelElsewhere(String replyId, String tenantId, String userId);

    /** One node alone. */
    ReplyOwners NONE = (replyId, tenantId, userId) -> false;
}
