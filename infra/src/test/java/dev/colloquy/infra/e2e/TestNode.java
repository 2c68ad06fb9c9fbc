package dev.colloquy.infra.e2e;

import dev.colloquy.infra.ColloquyApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One Colloquy node started outside the test framework's context cache, for tests that restart a node or run
 * two side by side against the test database.
 */
final class TestNode {
    private TestNode() {
    }

    /** {@code properties} come last, so they override the test defaults. */
    static ConfigurableApplicationContext boot(boolean cleanDatabase, FakeOpenAi openai, Map<String, Object> properties,
                                               Class<?>... extraSources) {
        Map<String, Object> all = properties(cleanDatabase, openai, 0, properties);
        // As command-line arguments, these outrank application.yml just as the test framework's properties do.
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        Class<?>[] sources = java.util.stream.Stream.concat(
                java.util.stream.Stream.of(ColloquyApplication.class, TestDatabase.class),
                java.util.stream.Stream.of(extraSources)).toArray(Class<?>[]::new);
        return new SpringApplicationBuilder(sources).run(args);
    }

    /** The test database and models, {@code openai} as the upstream, then {@code properties} over them. */
    static Map<String, Object> properties(boolean cleanDatabase, FakeOpenAi openai, int port,
                                          Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>();
        DynamicPropertyRegistry registry = (name, supplier) -> all.put(name, supplier.get());
        TestDatabase.register(registry, cleanDatabase);
        TestDatabase.registerModels(registry);
        all.put("colloquy.openai.base-url", openai.baseUrl());
        all.put("server.port", Integer.toString(port));
        all.putAll(properties);
        return all;
    }

    static Api api(ConfigurableApplicationContext node) {
        return new Api(port(node));
    }

    static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }
}
