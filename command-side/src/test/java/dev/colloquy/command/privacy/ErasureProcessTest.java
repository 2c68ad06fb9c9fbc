package dev.colloquy.command.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.privacy.EraseConversation;
import dev.colloquy.kernel.privacy.EraseUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

/** How the erasure process judges its outcome, retries what collided, and what it records; with fakes. */
class ErasureProcessTest {
    private static final String USER = "u1";
    private static final String TENANT = "acme";

    private final Keys keys = new Keys();
    private final Requests requests = new Requests();
    private final Map<String, List<String>> owned = new HashMap<>();
    private final Commands commands = new Commands();
    private final ErasureProcess process = new ErasureProcess(requests, keys,
            (tenant, owner) -> owned.getOrDefault(tenant + "/" + owner, List.of()), commands, Duration.ofMinutes(2),
            new ErasureRequests.Retry(Duration.ofMinutes(5), 5));

    @Test
    void aConversationThatCollidedWithAConcurrentChangeIsErasedOnRetryAndTheRequestSucceeds() {
        keys.live("c1", "c2", USER);
        commands.failFirst("c1", 2, () -> new ConcurrencyException("stale aggregate"));

        process.sweep();

        assertThat(commands.attempts("c1")).isEqualTo(3);
        assertThat(requests.outcome).isEqualTo("shredded");
        assertThat(requests.systems).containsExactly("conversations", "reply_checkpoints", "user_profile",
                "sign_in_and_api_keys");
        assertThat(keys.live).isEmpty();
    }

    @Test
    void retriesAreBoundedAndWhatStaysLiveFailsTheRequestWithACodeNotAMessage() {
        keys.live("c1", USER);
        commands.failFirst("c1", Integer.MAX_VALUE, () -> new ColloquyException(ErrorCode.CONFLICT,
                "the title 'my diagnosis' changed"));

        process.sweep();

        assertThat(commands.attempts("c1")).as("both passes, each bounded").isEqualTo(
                2 * ErasureProcess.COMMAND_ATTEMPTS);
        assertThat(requests.outcome).isEqualTo("failed");
        assertThat(requests.errors).containsExactly("conversations: conversation c1: CONFLICT");
        assertThat(requests.systems).containsExactly("user_profile", "sign_in_and_api_keys");
    }

    @Test
    void aFailureThatIsNotAConflictIsNotRetriedAndItsMessageIsNotKept() {
        keys.live("c1", USER);
        commands.failFirst("c1", Integer.MAX_VALUE, () -> new IllegalStateException("content: my diagnosis"));

        process.sweep();

        assertThat(commands.attempts("c1")).as("once per pass").isEqualTo(2);
        assertThat(requests.errors).containsExactly("conversations: conversation c1: IllegalStateException");
        assertThat(requests.errors.toString()).doesNotContain("diagnosis");
    }

    @Test
    void aCommandThatFailedButWhoseKeyIsGoneCountsAsErased() {
        keys.live("c1", USER);
        // e.g. retention erased it at the same moment: the key is shredded, the command reports a failure
        commands.failAfterErasing("c1", () -> new IllegalStateException("late"));

        process.sweep();

        assertThat(requests.outcome).isEqualTo("shredded");
        assertThat(requests.errors).isEmpty();
    }

    @Test
    void aConversationWithoutAKeyIsErasedButTheRequestFailsSayingItPredatesEncryption() {
        keys.live("c1", USER);
        owned.put(TENANT + "/" + USER, List.of("c0", "c1"));

        process.sweep();

        assertThat(commands.attempts("c0")).as("the read models show it erased").isEqualTo(1);
        assertThat(requests.outcome).isEqualTo("failed");
        assertThat(requests.errors).containsExactly(
                "conversations: conversation c0: PREDATES_ENCRYPTION: its events hold the text in clear");
        assertThat(requests.systems).containsExactly("user_profile", "sign_in_and_api_keys");
        assertThat(keys.live).isEmpty();
    }

    @Test
    void aNodeThatLostItsClaimStopsAndWritesNoOutcome() {
        keys.live("c1", "c2", USER);
        requests.claimLostAfterHeartbeats = 0;

        process.sweep();

        assertThat(commands.sent).as("it stops after the conversation it was on")
                .containsExactly("EraseConversation c1");
        assertThat(requests.outcome).isNull();
    }

    @Test
    void aProfileRegisteredBeforeEncryptionFailsTheRequestThoughSignInIsStopped() {
        keys.live("c1");

        process.sweep();

        assertThat(requests.outcome).isEqualTo("failed");
        assertThat(requests.errors).containsExactly(
                "user_profile: PREDATES_ENCRYPTION: its events hold the text in clear");
        assertThat(requests.systems).containsExactly("conversations", "reply_checkpoints", "sign_in_and_api_keys");
    }

    /** The key table: live keys, and every key ever created (shredding leaves a tombstone). */
    private static final class Keys implements Keyring {
        final Set<String> live = new LinkedHashSet<>();
        final Set<String> created = new HashSet<>();

        void live(String... scopes) {
            live.addAll(List.of(scopes));
            created.addAll(List.of(scopes));
        }

        @Override
        public List<String> liveConversationsOf(String subjectId) {
            return live.stream().filter(scope -> !scope.equals(USER)).toList();
        }

        @Override
        public List<String> liveScopesOf(String subjectId) {
            return List.copyOf(live);
        }

        @Override
        public Set<String> keyed(Collection<String> scopeIds) {
            return scopeIds.stream().filter(created::contains).collect(Collectors.toSet());
        }

        @Override
        public void shred(String scopeId) {
            live.remove(scopeId);
        }

        @Override
        public Duration cacheTtl() {
            return Duration.ofSeconds(1);
        }
    }

    /** One PENDING request, claimed once; records the outcome written under the claim. */
    private static final class Requests extends ErasureRequests {
        private boolean claimed;
        int claimLostAfterHeartbeats = Integer.MAX_VALUE;
        String outcome;
        List<String> systems;
        List<String> errors = List.of();

        Requests() {
            super(null);
        }

        @Override
        Optional<Claimed> claimNext(Duration staleAfter, Retry retry) {
            if (claimed) {
                return Optional.empty();
            }
            claimed = true;
            return Optional.of(new Claimed("r1", USER, TENANT, USER, "claim-1"));
        }

        @Override
        int completeSettled(Duration cacheTtl, String system) {
            return 0;
        }

        @Override
        boolean heartbeat(Claimed claim) {
            return claimLostAfterHeartbeats-- > 0;
        }

        @Override
        boolean keysShredded(Claimed claim, List<String> systems) {
            return record("shredded", systems, List.of());
        }

        @Override
        boolean fail(Claimed claim, List<String> systems, List<String> errors) {
            return record("failed", systems, errors);
        }

        private boolean record(String outcome, List<String> systems, List<String> errors) {
            if (claimLostAfterHeartbeats < 0) {
                return false;
            }
            this.outcome = outcome;
            this.systems = systems;
            this.errors = errors;
            return true;
        }
    }

    /** Erases as the aggregates and the key shredding would, failing where told. */
    private final class Commands implements CommandGateway {
        final List<String> sent = new ArrayList<>();
        private final Map<String, BiFunction<Integer, String, RuntimeException>> failures = new HashMap<>();

        void failFirst(String scope, int times, Supplier<RuntimeException> failure) {
            failures.put(scope, (attempt, s) -> attempt <= times ? failure.get() : null);
        }

        void failAfterErasing(String scope, Supplier<RuntimeException> failure) {
            failures.put(scope, (attempt, s) -> {
                keys.shred(s);
                return failure.get();
            });
        }

        int attempts(String scope) {
            return (int) sent.stream().filter(line -> line.endsWith(" " + scope)).count();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> R sendAndWait(Object command) {
            Object payload = command instanceof CommandMessage<?> message ? message.getPayload() : command;
            String scope = switch (payload) {
                case EraseConversation erase -> erase.conversationId();
                case EraseUser erase -> erase.userId();
                default -> throw new IllegalArgumentException(payload.toString());
            };
            sent.add(payload.getClass().getSimpleName() + " " + scope);
            RuntimeException failure = failures.getOrDefault(scope, (attempt, s) -> null)
                    .apply(attempts(scope), scope);
            if (failure != null) {
                throw failure;
            }
            keys.shred(scope);
            return null;
        }

        @Override
        public <C, R> void send(C command, CommandCallback<? super C, ? super R> callback) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <R> CompletableFuture<R> send(Object command) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Registration registerDispatchInterceptor(
                MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
            throw new UnsupportedOperationException();
        }
    }
}
