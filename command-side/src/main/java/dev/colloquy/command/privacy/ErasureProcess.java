package dev.colloquy.command.privacy;

import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.privacy.EraseConversation;
import dev.colloquy.kernel.privacy.EraseUser;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works through erasure requests off the request path: erases each conversation of the user (those with a live
 * key, and those the read model lists that have no key because they predate encryption), then the profile (which
 * disables the account), then any conversation started meanwhile. The outcome is judged by what is left: the
 * request fails if a key of the user is still live or a conversation predates encryption (its events hold the
 * text in clear, nothing can make them unreadable), and otherwise completes once the key caches of all nodes have
 * expired. Errors name the system, the conversation and a code, never an exception's message (it may quote
 * personal data). Every node runs {@link #sweep()}; requests are claimed in the database, one whose node died is
 * resumed by another, and a FAILED one whose user still has live keys is retried after a pause a bounded number
 * of times (see {@link ErasureRequests#claimNext}).
 */
public class ErasureProcess {
    static final String CONVERSATIONS = "conversations";
    static final String REPLY_CHECKPOINTS = "reply_checkpoints";
    static final String USER_PROFILE = "user_profile";
    static final String SIGN_IN = "sign_in_and_api_keys";
    static final String KEY_CACHES = "key_caches";
    /** The erase command failed for another reason than a concurrent change, yet the key is still live. */
    static final String KEY_NOT_SHREDDED = "KEY_NOT_SHREDDED";
    static final String PREDATES_ENCRYPTION = "PREDATES_ENCRYPTION: its events hold the text in clear";
    /** Tries of one command that collided with a concurrent change (a stale cached aggregate, a reply ending). */
    static final int COMMAND_ATTEMPTS = 3;
    /** PostgreSQL broke a deadlock or a serialization conflict: nothing was recorded, trying again is safe. */
    private static final Set<String> CONCURRENT_UPDATE = Set.of("40P01", "40001");
    private static final Logger log = LoggerFactory.getLogger(ErasureProcess.class);

    private final ErasureRequests requests;
    private final Keyring keyring;
    private final OwnedConversations owned;
    private final CommandGateway commands;
    private final Duration staleAfter;
    private final ErasureRequests.Retry retry;

    public ErasureProcess(ErasureRequests requests, Keyring keyring, OwnedConversations owned,
                          CommandGateway commands, Duration staleAfter, ErasureRequests.Retry retry) {
        this.requests = requests;
        this.keyring = keyring;
        this.owned = owned;
        this.commands = commands;
        this.staleAfter = staleAfter;
        this.retry = retry;
    }

    /** Completes what has settled, then works on every request nobody else does. */
    public void sweep() {
        requests.completeSettled(keyring.cacheTtl(), KEY_CACHES);
        for (var claimed = requests.claimNext(staleAfter, retry); claimed.isPresent();
             claimed = requests.claimNext(staleAfter, retry)) {
            try {
                erase(claimed.get());
            } catch (ClaimLost e) {
                log.warn("erasure request {} was taken over by another node; this node leaves it",
                        claimed.get().requestId());
            }
        }
    }

    private void erase(ErasureRequests.Claimed request) {
        Pass pass = new Pass(request);
        pass.eraseConversations();
        Optional<String> profileFailure = attempt(new EraseUser(request.userId(), request.tenantId(),
                request.requestId(), "erased-" + UUID.randomUUID()), request);
        // again: a conversation started while the first pass ran, before the account was disabled
        pass.eraseConversations();

        List<String> errors = new ArrayList<>();
        boolean profileLive = false;
        for (String scope : keyring.liveScopesOf(request.userId())) {
            if (scope.equals(request.userId())) {
                profileLive = true;
            } else {
                errors.add(conversationError(scope, pass.failures.getOrDefault(scope, KEY_NOT_SHREDDED)));
            }
        }
        for (String conversation : pass.unkeyed) {
            errors.add(conversationError(conversation, PREDATES_ENCRYPTION
                    + Optional.ofNullable(pass.failures.get(conversation)).map(code -> "; not erased: " + code)
                    .orElse("")));
        }
        List<String> systems = new ArrayList<>();
        if (errors.isEmpty()) {
            systems.addAll(List.of(CONVERSATIONS, REPLY_CHECKPOINTS));
        }
        if (profileFailure.isPresent() || profileLive) {
            errors.add(USER_PROFILE + ": " + profileFailure.orElse(KEY_NOT_SHREDDED));
        } else if (keyring.keyed(List.of(request.userId())).isEmpty()) {
            // registered before encryption: the username in its events is in clear, whatever the directory says
            errors.add(USER_PROFILE + ": " + PREDATES_ENCRYPTION);
            systems.add(SIGN_IN);
        } else {
            systems.addAll(List.of(USER_PROFILE, SIGN_IN));
        }
        boolean written = errors.isEmpty() ? requests.keysShredded(request, systems)
                : requests.fail(request, systems, errors);
        if (!written) {
            throw new ClaimLost();
        }
        if (!errors.isEmpty()) {
            log.warn("erasure request {} failed: {}", request.requestId(), errors);
        }
    }

    private static String conversationError(String conversation, String code) {
        return CONVERSATIONS + ": conversation " + conversation + ": " + code;
    }

    /** The conversation passes of one request, and what they found. */
    private final class Pass {
        private final ErasureRequests.Claimed request;
        /** The code of each conversation's last failure. */
        final Map<String, String> failures = new HashMap<>();
        /** Conversations without a key: they predate encryption. */
        final Set<String> unkeyed = new LinkedHashSet<>();
        private final Set<String> erased = new LinkedHashSet<>();

        Pass(ErasureRequests.Claimed request) {
            this.request = request;
        }

        void eraseConversations() {
            Set<String> conversations = new LinkedHashSet<>(keyring.liveConversationsOf(request.userId()));
            List<String> listed = owned.of(request.tenantId(), request.userId());
            Set<String> keyed = keyring.keyed(listed);
            listed.stream().filter(conversation -> !keyed.contains(conversation)).forEach(conversation -> {
                unkeyed.add(conversation);
                conversations.add(conversation);
            });
            conversations.removeAll(erased);
            for (String conversation : conversations) {
                attempt(new EraseConversation(conversation, request.tenantId(), "erasure:" + request.requestId()),
                        request).ifPresentOrElse(code -> failures.put(conversation, code), () -> {
                            erased.add(conversation);
                            failures.remove(conversation);
                        });
                if (!requests.heartbeat(request)) {
                    throw new ClaimLost();
                }
            }
        }
    }

    /**
     * Sends the command, again if it collided with a concurrent change (bounded); empty once done, otherwise the
     * code of the last failure. Erasing what is already erased succeeds (both commands are idempotent).
     */
    private Optional<String> attempt(Object command, ErasureRequests.Claimed request) {
        for (int attempt = 1; ; attempt++) {
            try {
                send(command, request);
                return Optional.empty();
            } catch (RuntimeException e) {
                if (attempt >= COMMAND_ATTEMPTS || !concurrent(e)) {
                    log.warn("erasure request {}: {} failed: {}", request.requestId(),
                            command.getClass().getSimpleName(), code(e));
                    return Optional.of(code(e));
                }
            }
        }
    }

    /** As the requester, so the erasure's events name who asked for it. */
    private void send(Object command, ErasureRequests.Claimed request) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(
                MetadataKeys.origin(request.tenantId(), request.requestedBy(), request.requestId())));
    }

    private static boolean concurrent(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException
                    || cause instanceof ColloquyException known && known.code() == ErrorCode.CONFLICT
                    || cause instanceof SQLException sql && CONCURRENT_UPDATE.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** An error code or an exception's class: never its message, which may quote personal data. */
    static String code(RuntimeException e) {
        return ColloquyException.causeOf(e).map(known -> known.code().name())
                .orElseGet(() -> e.getClass().getSimpleName());
    }

    /** Another node took the request over (this node's claim went stale); it must not write anything more. */
    private static final class ClaimLost extends RuntimeException {
        ClaimLost() {
            super(null, null, false, false);
        }
    }
}
