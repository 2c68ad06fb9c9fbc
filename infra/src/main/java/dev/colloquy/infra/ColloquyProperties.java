package dev.colloquy.infra;

import dev.colloquy.command.model.ModelSpec;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Everything under {@code colloquy.*} in application.yml; see docs/configuration in the README. */
@ConfigurationProperties("colloquy")
public record ColloquyProperties(Models models, Replies replies, Limits limits, Simulator simulator, OpenAi openai,
                                 @DefaultValue("") String nodeId) {

    public record Models(String defaultModel, List<ModelSpec> catalogue) {
    }

    public record Replies(@DefaultValue("5m") Duration timeout, @DefaultValue("25ms") Duration coalesceWindow,
                          @DefaultValue("15s") Duration heartbeat, @DefaultValue("15m") Duration retention,
                          @DefaultValue("1s") Duration checkpointInterval, @DefaultValue("60s") Duration staleAfter,
                          @DefaultValue("2") int maxRetries, @DefaultValue("250ms") Duration firstBackoff,
                          @DefaultValue("5s") Duration readYourWritesWait) {
    }

    public record Limits(@DefaultValue("32000") int maxContentChars, @DefaultValue("255") int maxTitleChars,
                         @DefaultValue("32000") int maxSystemPromptChars,
                         @DefaultValue("262144") long maxRequestBytes) {
    }

    public record Simulator(@DefaultValue("300ms") Duration timeToFirstToken,
                            @DefaultValue("50") double tokensPerSecond, @DefaultValue("48") int replyTokens) {
    }

    /** The OpenAI-compatible provider; enabled when {@code base-url} is set. */
    public record OpenAi(String baseUrl, String apiKey, @DefaultValue("60s") Duration timeout) {
    }
}
