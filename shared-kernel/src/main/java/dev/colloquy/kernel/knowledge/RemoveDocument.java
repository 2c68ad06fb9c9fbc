package dev.colloquy.kernel.knowledge;

public record RemoveDocument(String documentId, String tenantId, String actorId, boolean admin) {
}
