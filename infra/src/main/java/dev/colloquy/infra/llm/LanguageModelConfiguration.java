package dev.colloquy.infra.llm;

import dev.colloquy.infra.ColloquyProperties;
import dev.colloquy.infra.llm.openai.OpenAiLanguageModel;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAI-compatible adapter exists only when a base URL is configured (OpenAI, vLLM, Ollama, ...). */
@Configuration
public class LanguageModelConfiguration {

    @Bean
    @ConditionalOnProperty("colloquy.openai.base-url")
    public OpenAiLanguageModel openAiLanguageModel(ColloquyProperties properties) {
        ColloquyProperties.OpenAi openai = properties.openai();
        String apiKey = openai.apiKey() == null || openai.apiKey().isBlank() ? "not-needed" : openai.apiKey();
        return new OpenAiLanguageModel(openai.baseUrl(), apiKey, openai.timeout());
    }
}
