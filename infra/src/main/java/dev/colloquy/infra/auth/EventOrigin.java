package dev.colloquy.infra.auth;

import dev.colloquy.kernel.MetadataKeys;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Stamps events published straight from an HTTP request (no command in between: audit reads, rebuild requests)
 * with the caller's tenant, user and trace id, as {@link CommandOrigin} does for commands. Events caused by a
 * command already carry them.
 */
@Component
public class EventOrigin implements MessageDispatchInterceptor<EventMessage<?>> {

    @Autowired
    void register(EventBus eventBus) {
        eventBus.registerDispatchInterceptor(this);
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        RequestOrigin origin = RequestOrigin.current();
        return (index, event) -> {
            if (origin == null || event.getMetaData().containsKey(MetadataKeys.TENANT)) {
                return event;
            }
            return event.andMetaData(origin.metaData());
        };
    }
}
