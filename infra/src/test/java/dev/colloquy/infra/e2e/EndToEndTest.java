package dev.colloquy.infra.e2e;

import dev.colloquy.infra.ColloquyApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random port against the real PostgreSQL (with pgvector) that {@code make test}
 * starts; one context per test class, closed after it, so no two contexts ever process the same event store.
 */
@SpringBootTest(classes = ColloquyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestDatabase.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class EndToEndTest {
    static final FakeOpenAi OPENAI = FakeOpenAi.start();

    @LocalServerPort
    int port;
    Api api;
    /** alice@acme.test's token, and her steps. */
    String alice;
    Conversations asAlice;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, true);
        registry.add("colloquy.openai.base-url", OPENAI::baseUrl);
        TestDatabase.registerModels(registry);
    }

    @BeforeEach
    void connect() {
        api = new Api(port);
        alice = api.login("alice@acme.test");
        asAlice = new Conversations(api, alice);
    }

    /** Lets any reply a test left held by the fake model finish, so none outlives its test. */
    @AfterEach
    void releaseHeldReplies() {
        OPENAI.release();
    }
}
