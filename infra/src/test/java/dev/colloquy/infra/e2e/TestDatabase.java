package dev.colloquy.infra.e2e;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points the application at the test database that {@code make test} prepares. There is no fallback: without
 * a database the tests fail, they never skip.
 */
@TestConfiguration
class TestDatabase {

    static String url() {
        String url = System.getenv("COLLOQUY_TEST_DB_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("COLLOQUY_TEST_DB_URL is not set: run the tests with `make test`, "
                    + "which starts PostgreSQL with pgvector (infra/scripts/ensure-postgres.sh)");
        }
        return url;
    }

    static void register(DynamicPropertyRegistry registry, boolean cleanFirst) {
        registry.add("spring.datasource.url", TestDatabase::url);
        registry.add("spring.datasource.username", () -> env("COLLOQUY_DB_USER", "colloquy"));
        registry.add("spring.datasource.password", () -> env("COLLOQUY_DB_PASSWORD", "colloquy"));
        registry.add("spring.flyway.clean-disabled", () -> "false");
        registry.add("colloquy.test.clean-database", () -> Boolean.toString(cleanFirst));
    }

    /** A fast simulator and a "scripted" model served by {@link FakeOpenAi}, both in the paid plans. */
    static void registerModels(DynamicPropertyRegistry registry) {
        registry.add("colloquy.simulator.time-to-first-token", () -> "0ms");
        registry.add("colloquy.simulator.tokens-per-second", () -> "400");
        registry.add("colloquy.simulator.reply-tokens", () -> "24");
        String[][] models = {
                {"simulator", "simulator", "simulator", "8192", "1024", "0.10", "0.40"},
                {"scripted", "openai", "fake-model", "4096", "512", "1.00", "2.00"}};
        for (int i = 0; i < models.length; i++) {
            String prefix = "colloquy.models.catalogue[" + i + "].";
            String[] m = models[i];
            registry.add(prefix + "id", () -> m[0]);
            registry.add(prefix + "provider", () -> m[1]);
            registry.add(prefix + "upstream-name", () -> m[2]);
            registry.add(prefix + "context-window", () -> m[3]);
            registry.add(prefix + "output-reserve", () -> m[4]);
            registry.add(prefix + "input-price-per-million", () -> m[5]);
            registry.add(prefix + "output-price-per-million", () -> m[6]);
        }
        for (String plan : new String[] {"pro", "enterprise"}) {
            registry.add("colloquy.plans.definitions." + plan + ".models[0]", () -> "simulator");
            registry.add("colloquy.plans.definitions." + plan + ".models[1]", () -> "scripted");
        }
        registry.add("colloquy.auth.bcrypt-strength", () -> "4");
        // Every node of a test shares the one key made for the run, as nodes on one host share .local/.
        registry.add("colloquy.auth.generated-key-file", () -> "target/test-signing-key.pem");
        // Erasures complete once every node's key cache has expired: a second here, not half a minute.
        registry.add("colloquy.privacy.key-cache-ttl", () -> "1s");
        registry.add("colloquy.privacy.erasure-sweep-interval", () -> "200ms");
        registry.add("colloquy.privacy.retention.interval", () -> "0s");
        registry.add("colloquy.auth.sign-ins-per-minute", () -> "1000000");
        // Tests other than those of limits send faster and more than any plan allows; they get room to.
        for (String plan : new String[] {"free", "pro", "enterprise"}) {
            String prefix = "colloquy.plans.definitions." + plan + ".";
            for (String limit : new String[] {"requests-per-minute", "tokens-per-minute", "tenant-requests-per-minute",
                    "tenant-tokens-per-minute", "concurrent-streams"}) {
                registry.add(prefix + "rate-limits." + limit, () -> "1000000");
            }
            for (String limit : new String[] {"messages-per-hour", "messages-per-day", "tokens-per-day",
                    "tokens-per-month", "cost-per-day", "cost-per-month"}) {
                registry.add(prefix + "quotas." + limit, () -> "1000000000");
            }
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Each test class starts from an empty event store and read model. */
    @Bean
    FlywayMigrationStrategy cleanThenMigrate(@Value("${colloquy.test.clean-database:false}") boolean clean) {
        return flyway -> {
            if (clean) {
                flyway.clean();
            }
            flyway.migrate();
        };
    }
}
