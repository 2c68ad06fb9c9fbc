package dev.colloquy.infra.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Lifts one event type from one revision to the next by adding the fields that revision introduced, with the
 * value that is true of every older event (no injection score, nothing redacted, ...). Stored events are never
 * rewritten; they are read in their new shape.
 */
public final class AddedFieldsUpcaster extends SingleEventUpcaster {
    private final SimpleSerializedType from;
    private final SimpleSerializedType to;
    private final Consumer<ObjectNode> addFields;

    public AddedFieldsUpcaster(Class<?> eventType, String fromRevision, String toRevision,
                               Consumer<ObjectNode> addFields) {
        this.from = new SimpleSerializedType(eventType.getName(), fromRevision);
        this.to = new SimpleSerializedType(eventType.getName(), toRevision);
        this.addFields = addFields;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(from);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(to, JsonNode.class, payload -> {
            ObjectNode event = (ObjectNode) payload;
            addFields.accept(event);
            return event;
        });
    }
}
