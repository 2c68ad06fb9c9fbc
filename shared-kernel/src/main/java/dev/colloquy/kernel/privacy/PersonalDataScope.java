package dev.colloquy.kernel.privacy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the component whose value names the key scope of the record's {@link PersonalData}: a conversation id
 * (every conversation has its own key, so retention can erase one conversation) or a user id (the profile).
 * The event that opens a scope also names its data subject and tenant, by component name, and its key is created
 * as that event is stored; the other events of the scope only look the key up.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface PersonalDataScope {
    /** The component holding the data subject's user id; empty on events that do not open the scope. */
    String subject() default "";

    /** The component holding the subject's tenant id; empty on events that do not open the scope. */
    String tenant() default "";

    /** What the scope is: {@code conversation} or {@code profile}. */
    String kind() default "conversation";
}
