package dev.colloquy.command.conversation;

import dev.colloquy.kernel.conversation.DialogueForked;
import dev.colloquy.kernel.conversation.ForkFromMessage;
import java.time.Clock;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** Forking touches two aggregates: it reads the source's path and creates a new conversation from it. */
@Component
public class ForkHandler {
    private final Repository<Conversation> conversations;
    private final Clock clock;

    public ForkHandler(@Qualifier("conversationRepository") Repository<Conversation> conversations, Clock clock) {
        this.conversations = conversations;
        this.clock = clock;
    }

    @CommandHandler
    public String handle(ForkFromMessage command) throws Exception {
        DialogueForked forked = conversations.load(command.sourceConversationId()).invoke(source ->
                source.forkAt(command.forkId(), command.messageId(), command.tenantId(), command.actorId(),
                        clock.instant()));
        List<String> knowledge = conversations.load(command.sourceConversationId()).invoke(Conversation::knowledgeBaseIds);
        conversations.newInstance(() -> new Conversation(forked, knowledge));
        return command.forkId();
    }
}
