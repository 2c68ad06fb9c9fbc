package dev.colloquy.infra.llm;

import dev.colloquy.command.model.TokenCount;
import dev.colloquy.infra.ColloquyProperties;
import dev.colloquy.infra.llm.simulator.SimulatedLanguageModel;
import dev.colloquy.infra.llm.openai.OpenAiLanguageModel;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The language-model adapters: the simulator always, the OpenAI-compatible one only when a base URL is
 * configured (OpenAI, vLLM, Ollama, ...).
 */
@Configuration
public class LanguageModelConfiguration {

    @Bean
    public SimulatedLanguageModel simulatedLanguageModel(ColloquyProperties properties, TokenCount tokens) {
        return new SimulatedLanguageModel(properties.simulator(), tokens);
    }

    @Bean
    @ConditionalOnProperty("colloquy.openai.base-url")
    public OpenAiLanguageModel openAiLanguageModel(ColloquyProperties properties) {
        ColloquyProperties.OpenAi openai = properties.openai();
        String apiKey = openai.apiKey() == null || openai.apiKey().isBlank() ? "not-needed" : openai.apiKey();
        return new OpenAiLanguageModel(openai.baseUrl(), apiKey, openai.timeout());
    }
}
