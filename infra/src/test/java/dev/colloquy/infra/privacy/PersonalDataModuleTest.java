package dev.colloquy.infra.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.colloquy.kernel.account.UserRegistered;
import dev.colloquy.kernel.conversation.DialogueForked;
import dev.colloquy.kernel.conversation.DialogueStarted;
import dev.colloquy.kernel.conversation.MessagePosted;
import dev.colloquy.kernel.conversation.TranscriptEntry;
import dev.colloquy.kernel.privacy.PersonalData;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The serializer's side of crypto-shredding, against an in-memory key table. */
class PersonalDataModuleTest {
    private final InMemoryKeys keys = new InMemoryKeys();
    private final ObjectMapper mapper = mapper().registerModule(new PersonalDataModule(keys));

    @Test
    void personalTextIsSealedUnderItsScopesKeyAndReadBackWhileTheKeyExists() throws Exception {
        DialogueForked fork = new DialogueForked("c1", "acme", "alice", "Trip", "m", "be brief", "c0", "x",
                List.of(new TranscriptEntry("t1", null, "x", "user", "to Lisbon", "posted", null, Instant.EPOCH)));

        String json = mapper.writeValueAsString(fork);

        assertThat(json).doesNotContain("Trip", "be brief", "to Lisbon").contains("\"c1\"", "\"alice\"", "\"posted\"");
        String keyId = keys.scopes.get("c1").keyId();
        assertThat(json).contains("\"pd1:" + keyId + ":");
        assertThat(keys.openings).containsExactly(new PersonalDataKeys.Opening("alice", "acme", "conversation"));
        assertThat(mapper.readValue(json, DialogueForked.class)).isEqualTo(fork);
    }

    @Test
    void onceTheKeyIsShreddedTheTextReadsAsErasedAndNewTextIsNotWritten() throws Exception {
        keys.open("c1");
        String json = mapper.writeValueAsString(posted("c1", "hello"));

        keys.shred("c1");

        assertThat(mapper.readValue(json, MessagePosted.class)).isEqualTo(posted("c1", PersonalData.ERASED));
        assertThat(mapper.writeValueAsString(posted("c1", "late"))).doesNotContain("late")
                .contains(PersonalData.ERASED);
    }

    @Test
    void plainTextWrittenBeforeEncryptionReadsAsItWasAndOtherStringsAreNeverTouched() throws Exception {
        // The one plain text that cannot be told from an envelope (see docs/privacy.md, limits).
        String legacy = mapper().writeValueAsString(posted("c9", "pd1:not-a-key:looks like an envelope"));
        assertThat(mapper.readValue(legacy, MessagePosted.class).content()).isEqualTo(PersonalData.UNREADABLE);

        String plain = mapper().writeValueAsString(posted("c9", "hello from before"));
        assertThat(mapper.readValue(plain, MessagePosted.class).content()).isEqualTo("hello from before");

        MessagePosted withId = new MessagePosted("c9", "m1", null, "", "pd1:client:id", 0, List.of(), List.of());
        assertThat(mapper.readValue(mapper.writeValueAsString(withId), MessagePosted.class)).isEqualTo(withId);
    }

    @Test
    void aValueMovedUnderAnotherKeyOrAlteredDoesNotDecrypt() throws Exception {
        keys.open("c1");
        String json = mapper.writeValueAsString(posted("c1", "hello"));
        String keyId = keys.scopes.get("c1").keyId();
        keys.open("c2");
        String moved = json.replace(keyId, keys.scopes.get("c2").keyId());
        String sealed = mapper.readTree(json).path("content").asText();
        char last = sealed.charAt(sealed.length() - 2);
        String altered = json.replace(sealed, sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A')
                + sealed.charAt(sealed.length() - 1));

        assertThat(mapper.readValue(moved, MessagePosted.class).content()).isEqualTo(PersonalData.UNREADABLE);
        assertThat(mapper.readValue(altered, MessagePosted.class).content()).isEqualTo(PersonalData.UNREADABLE);
        assertThat(mapper.readValue(json, MessagePosted.class).content()).isEqualTo("hello");
    }

    @Test
    void aConversationStartedWithoutTitleOrPromptStillGetsTheKeyItsMessagesNeed() throws Exception {
        String started = mapper.writeValueAsString(new DialogueStarted("c5", "acme", "u1", null, "simulator", null));

        assertThat(started).contains("\"title\":null");
        assertThat(keys.openings).containsExactly(new PersonalDataKeys.Opening("u1", "acme", "conversation"));
        assertThat(mapper.writeValueAsString(posted("c5", "secret words"))).doesNotContain("secret words");
    }

    @Test
    void aUsersProfileHasItsOwnScope() throws Exception {
        UserRegistered user = new UserRegistered("u1", "acme", "pat@acme.test", "hash", List.of("member"), null);

        String json = mapper.writeValueAsString(user);

        assertThat(json).doesNotContain("pat@acme.test").contains("\"hash\"");
        assertThat(keys.openings).containsExactly(new PersonalDataKeys.Opening("u1", "acme", "profile"));
        assertThat(mapper.readValue(json, UserRegistered.class)).isEqualTo(user);
    }

    private static MessagePosted posted(String conversation, String content) {
        return new MessagePosted(conversation, "m1", null, content, null, 0, List.of(), List.of());
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static final class InMemoryKeys extends PersonalDataKeys {
        private static final SecureRandom RANDOM = new SecureRandom();
        final Map<String, Key> scopes = new HashMap<>();
        final List<Opening> openings = new java.util.ArrayList<>();

        InMemoryKeys() {
            super(null, Duration.ofSeconds(1), 10);
        }

        void open(String scope) {
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            scopes.put(scope, new Key(UUID.randomUUID().toString(), new SecretKeySpec(secret, "AES")));
        }

        @Override
        Optional<Key> forScope(String scopeId, Opening opening) {
            if (!scopes.containsKey(scopeId) && opening != null) {
                openings.add(opening);
                open(scopeId);
            }
            return Optional.ofNullable(scopes.get(scopeId));
        }

        @Override
        Optional<Key> byId(String keyId) {
            return scopes.values().stream().filter(key -> key.keyId().equals(keyId)).findFirst();
        }

        @Override
        public void shred(String scopeId) {
            scopes.computeIfPresent(scopeId, (scope, key) -> new Key(key.keyId(), null));
        }
    }
}
