package dev.colloquy.infra.eventstore;

import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs each event handler of a dead-lettering processor inside a savepoint of its batch's transaction. When a
 * handler fails, PostgreSQL refuses every further statement of the transaction until it is rolled back; rolling
 * back to the savepoint undoes only that handler's writes, so the event can be parked in the dead-letter queue and
 * the batch (the other events, the token) still commits.
 */
public class HandlerSavepoints implements HandlerEnhancerDefinition {
    private final TransactionTemplate savepoint;
    private final Set<String> groups;

    public HandlerSavepoints(PlatformTransactionManager transactions, Set<String> groups) {
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.groups = Set.copyOf(groups);
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class) || original.hasAnnotation(EventSourcingHandler.class)
                || !groups.contains(groupOf(original.declaringClass(), original.hasAnnotation(SagaEventHandler.class)))) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                    return super.handle(message, target);
                }
                try {
                    return savepoint.execute(status -> {
                        try {
                            return super.handle(message, target);
                        } catch (Exception e) {
                            throw new Failed(e);
                        }
                    });
                } catch (Failed failed) {
                    throw failed.cause;
                }
            }
        };
    }

    /** The processing group Axon puts a handler's class in: its annotation, a saga's own, else its package. */
    static String groupOf(Class<?> handler, boolean saga) {
        ProcessingGroup group = handler.getAnnotation(ProcessingGroup.class);
        if (group != null) {
            return group.value();
        }
        return saga ? handler.getSimpleName() + "Processor" : handler.getPackageName();
    }

    /** Carries a checked exception through the template, which rolls back to the savepoint on it. */
    private static final class Failed extends RuntimeException {
        private final Exception cause;

        Failed(Exception cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
