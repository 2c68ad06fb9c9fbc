package dev.colloquy.command.account;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.account.CreateApiKey;
import dev.colloquy.kernel.account.RevokeApiKey;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A user's own API keys. The secret is in the creation response and nowhere else, ever. */
@RestController
@RequestMapping("/api/v1/api-keys")
public class ApiKeyController {
    private final CommandGateway commands;
    private final AccountDirectory directory;

    public ApiKeyController(CommandGateway commands, AccountDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    public record NewKey(String name, List<String> scopes, Instant expiresAt) {
    }

    public record CreatedKey(String keyId, String name, List<String> scopes, Instant expiresAt, String secret) {
    }

    @PostMapping
    public ResponseEntity<CreatedKey> create(Caller caller, @RequestBody NewKey request) {
        ApiKeySecret secret = ApiKeySecret.generate();
        String keyId = EntityId.random();
        commands.sendAndWait(new CreateApiKey(caller.userId(), caller.tenantId(), keyId, request.name(),
                request.scopes(), request.expiresAt(), secret.hash()));
        return ResponseEntity.created(URI.create("/api/v1/api-keys/" + keyId)).body(new CreatedKey(keyId,
                request.name(), AccountRules.scopes(request.scopes()), request.expiresAt(), secret.secret()));
    }

    @GetMapping
    public List<AccountDirectory.KeyEntry> list(Caller caller) {
        return directory.apiKeys(caller.userId());
    }

    @DeleteMapping("/{keyId}")
    public ResponseEntity<Void> revoke(Caller caller, @PathVariable String keyId) {
        commands.sendAndWait(new RevokeApiKey(caller.userId(), caller.tenantId(), EntityId.parse(keyId, "keyId")));
        return ResponseEntity.noContent().build();
    }
}
