package dev.colloquy.command.privacy;

import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.privacy.EraseConversation;
import dev.colloquy.kernel.privacy.EraseUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works through erasure requests off the request path: erases each conversation of the user whose key still
 * exists, then the profile (which disables the account), then any conversation started meanwhile, and records
 * per system what was done and what failed. Any failure ends the request
 * FAILED with its reasons; otherwise it completes once the key caches of all nodes have expired. Every node runs
 * {@link #sweep()}; requests are claimed in the database, and one whose node died is resumed by another.
 */
public class ErasureProcess {
    static final String CONVERSATIONS = "conversations";
    static final String REPLY_CHECKPOINTS = "reply_checkpoints";
    static final String USER_PROFILE = "user_profile";
    static final String SIGN_IN = "sign_in_and_api_keys";
    static final String KEY_CACHES = "key_caches";
    private static final Logger log = LoggerFactory.getLogger(ErasureProcess.class);

    private final ErasureRequests requests;
    private final Keyring keyring;
    private final CommandGateway commands;
    private final Duration staleAfter;

    public ErasureProcess(ErasureRequests requests, Keyring keyring, CommandGateway commands, Duration staleAfter) {
        this.requests = requests;
        this.keyring = keyring;
        this.commands = commands;
        this.staleAfter = staleAfter;
    }

    /** Completes what has settled, then works on every request nobody else does. */
    public void sweep() {
        requests.completeSettled(keyring.cacheTtl(), KEY_CACHES);
        for (var claimed = requests.claimNext(staleAfter); claimed.isPresent(); claimed = requests.claimNext(staleAfter)) {
            erase(claimed.get());
        }
    }

    private void erase(ErasureRequests.Claimed request) {
        List<String> systems = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        eraseConversations(request, errors);
        try {
            send(new EraseUser(request.userId(), request.tenantId(), request.requestId(),
                    "erased-" + UUID.randomUUID()), request);
            systems.add(USER_PROFILE);
            systems.add(SIGN_IN);
        } catch (RuntimeException e) {
            errors.add(USER_PROFILE + ": " + reason(e));
        }
        // again: a conversation started while the first pass ran, before the account was disabled
        eraseConversations(request, errors);
        if (errors.stream().noneMatch(error -> error.startsWith(CONVERSATIONS))) {
            systems.addAll(0, List.of(CONVERSATIONS, REPLY_CHECKPOINTS));
        }
        if (errors.isEmpty()) {
            requests.keysShredded(request.requestId(), systems);
        } else {
            log.warn("erasure request {} failed: {}", request.requestId(), errors);
            requests.fail(request.requestId(), systems, errors);
        }
    }

    private void eraseConversations(ErasureRequests.Claimed request, List<String> errors) {
        for (String conversation : keyring.liveConversationsOf(request.userId())) {
            String error = CONVERSATIONS + ": conversation " + conversation + ": ";
            if (errors.stream().anyMatch(e -> e.startsWith(error))) {
                continue; // failed in the first pass already
            }
            try {
                send(new EraseConversation(conversation, request.tenantId(), "erasure:" + request.requestId()),
                        request);
            } catch (RuntimeException e) {
                errors.add(error + reason(e));
            }
            requests.heartbeat(request.requestId());
        }
    }

    /** As the requester, so the erasure's events name who asked for it. */
    private void send(Object command, ErasureRequests.Claimed request) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(Map.of(
                MetadataKeys.TENANT, request.tenantId(),
                MetadataKeys.ACTOR, request.requestedBy(),
                MetadataKeys.TRACE_ID, request.requestId())));
    }

    private static String reason(RuntimeException e) {
        return ColloquyException.causeOf(e).map(Throwable::getMessage)
                .orElseGet(() -> e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
