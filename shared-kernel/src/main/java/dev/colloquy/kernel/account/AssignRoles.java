package dev.colloquy.kernel.account;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AssignRoles(@TargetAggregateIdentifier String userId, String tenantId, List<String> roles) {
}
