package dev.colloquy.infra.eventstore;

import dev.colloquy.kernel.conversation.MessagePosted;
import dev.colloquy.kernel.reply.ReplyCancelled;
import dev.colloquy.kernel.reply.ReplyCompleted;
import dev.colloquy.kernel.reply.ReplyFailed;
import dev.colloquy.kernel.reply.ReplyStarted;
import dev.colloquy.kernel.reply.SourcesCited;
import dev.colloquy.kernel.usage.UsageRecorded;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every event shape change, oldest first; Axon chains the upcaster beans when it reads events. */
@Configuration
public class EventUpcasters {

    /** Revision 2 added the input guard's findings; older messages were screened by nothing. */
    @Bean
    public AddedFieldsUpcaster messagePosted1to2() {
        return new AddedFieldsUpcaster(MessagePosted.class, "1", "2", event -> {
            event.put("injectionScore", 0);
            event.putArray("injectionCategories");
            event.putArray("stripped");
        });
    }

    /** Revision 2 added the kinds of personal data redacted; nothing was redacted before. */
    @Bean
    public AddedFieldsUpcaster replyCompleted1to2() {
        return new AddedFieldsUpcaster(ReplyCompleted.class, "1", "2", event -> event.putArray("redactedPii"));
    }

    @Bean
    public AddedFieldsUpcaster replyFailed1to2() {
        return new AddedFieldsUpcaster(ReplyFailed.class, "1", "2", event -> event.putArray("redactedPii"));
    }

    /** Revision 2 added the prices the reply started at; older replies were priced by the recording node only. */
    @Bean
    public AddedFieldsUpcaster replyStarted1to2() {
        return new AddedFieldsUpcaster(ReplyStarted.class, "1", "2", event -> event.putNull("price"));
    }

    /** Revision 2 said whether the tokens were estimated; older usage cannot tell, and is taken as counted. */
    @Bean
    public AddedFieldsUpcaster usageRecorded1to2() {
        return new AddedFieldsUpcaster(UsageRecorded.class, "1", "2", event -> event.put("estimated", false));
    }

    @Bean
    public AddedFieldsUpcaster replyCancelled1to2() {
        return new AddedFieldsUpcaster(ReplyCancelled.class, "1", "2", event -> event.putArray("redactedPii"));
    }

    /**
     * Revision 2 added the bases searched and the price of the query's embedding; older retrievals' bases are in
     * the conversation's KnowledgeChosen, and their embedding was not priced.
     */
    @Bean
    public AddedFieldsUpcaster sourcesCited1to2() {
        return new AddedFieldsUpcaster(SourcesCited.class, "1", "2", event -> {
            event.putArray("knowledgeBaseIds");
            event.putNull("embeddingCostUsd");
        });
    }
}
