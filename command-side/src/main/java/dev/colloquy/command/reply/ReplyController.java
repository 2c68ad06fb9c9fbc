package dev.colloquy.command.reply;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.EntityId;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Stops a reply: the upstream call ends and what was generated so far is kept as the cancelled reply. */
@RestController
@RequestMapping("/api/v1/replies")
public class ReplyController {
    private final ReplyCancellation cancellation;

    public ReplyController(ReplyCancellation cancellation) {
        this.cancellation = cancellation;
    }

    @PostMapping("/{id}/cancel")
    public ResponseEntity<Map<String, String>> cancel(Caller caller, @PathVariable String id) {
        String replyId = EntityId.parse(id, "id");
        cancellation.cancel(caller.tenantId(), caller.userId(), replyId);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("replyId", replyId, "status", "cancelled"));
    }
}
