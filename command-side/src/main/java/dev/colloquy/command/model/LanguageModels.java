package dev.colloquy.command.model;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The configured provider adapters, by provider name. */
public final class LanguageModels {
    private final Map<String, LanguageModel> byProvider;

    public LanguageModels(List<LanguageModel> adapters) {
        this.byProvider = adapters.stream().collect(Collectors.toMap(LanguageModel::provider, Function.identity()));
    }

    public LanguageModel forProvider(String provider) {
        LanguageModel model = byProvider.get(provider);
        if (model == null) {
            throw new IllegalStateException("no adapter for provider " + provider);
        }
        return model;
    }
}
