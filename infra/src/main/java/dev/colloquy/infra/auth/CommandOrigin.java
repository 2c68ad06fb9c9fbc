package dev.colloquy.infra.auth;

import dev.colloquy.kernel.MetadataKeys;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * Stamps commands sent while serving an HTTP request with the caller's tenant, user and the trace id; Axon's
 * correlation data providers then copy them onto every event the command causes.
 */
@Configuration
public class CommandOrigin implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Autowired
    void register(CommandBus commandBus) {
        commandBus.registerDispatchInterceptor(this);
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        RequestOrigin origin = RequestOrigin.current();
        return (index, command) -> {
            if (origin == null || command.getMetaData().containsKey(MetadataKeys.TENANT)) {
                return command;
            }
            return command.andMetaData(origin.metaData());
        };
    }
}
