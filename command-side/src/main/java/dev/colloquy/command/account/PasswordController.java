package dev.colloquy.command.account;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.account.ChangePassword;
import dev.colloquy.kernel.account.ResetPassword;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Password changes. Either way the user's other sign-ins end: whoever knew the old password must not keep a
 * session it opened. A user changing their own password stays signed in where they did it.
 */
@RestController
public class PasswordController {
    private final CommandGateway commands;
    private final PasswordEncoder passwords;
    private final Sessions sessions;

    public PasswordController(CommandGateway commands, PasswordEncoder passwords, Sessions sessions) {
        this.commands = commands;
        this.passwords = passwords;
        this.sessions = sessions;
    }

    public record PasswordChange(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[…]";
        }
    }

    public record PasswordReset(String password) {
        @Override
        public String toString() {
            return "PasswordReset[…]";
        }
    }

    @PostMapping("/api/v1/account/password")
    public ResponseEntity<Void> change(Caller caller, @RequestBody PasswordChange request) {
        AccountRules.requirePassword(request.newPassword());
        commands.sendAndWait(new ChangePassword(caller.userId(), caller.tenantId(), request.currentPassword(),
                passwords.encode(request.newPassword())));
        sessions.revokeOthers(caller.userId(), caller.sessionId(), "password changed");
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/api/v1/admin/users/{userId}/password")
    public ResponseEntity<Void> reset(Caller caller, @PathVariable String userId,
                                      @RequestBody PasswordReset request) {
        String user = EntityId.parse(userId, "userId");
        AccountRules.requirePassword(request.password());
        commands.sendAndWait(new ResetPassword(user, caller.tenantId(), passwords.encode(request.password())));
        sessions.revokeOthers(user, null, "password reset by an admin");
        return ResponseEntity.noContent().build();
    }
}
