package dev.colloquy.infra.readmodel;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.readmodel.ProjectionReplayRequested;
import dev.colloquy.projections.replay.ProjectionReplay;
import dev.colloquy.projections.replay.ReplayStatus;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rebuilds one read model from the event store while the application keeps serving (platform admins only).
 * The answer comes once the processor has been reset; the rebuild itself runs on, and GET follows it.
 */
@RestController
@RequestMapping("/api/v1/admin/projections/{name}/replay")
public class ProjectionReplayController {
    private final ProjectionReplay replay;
    private final EventGateway events;

    public ProjectionReplayController(ProjectionReplay replay, EventGateway events) {
        this.replay = replay;
        this.events = events;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ReplayStatus start(Caller caller, @PathVariable String name) {
        return replay.start(name, caller.userId(),
                () -> events.publish(new ProjectionReplayRequested(name, caller.userId())));
    }

    @GetMapping
    public ReplayStatus status(@PathVariable String name) {
        return replay.status(name);
    }
}
