package dev.colloquy.kernel.privacy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a text component that holds personal data. The event serializer stores it encrypted with the key of the
 * scope named by the event's {@link PersonalDataScope} (an enclosing event's, for a nested record); once that key
 * is erased the component reads as {@link #ERASED}. Records stay plain: aggregates, projections and tests never
 * see ciphertext.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface PersonalData {
    /** What an encrypted value reads as once its key has been erased. */
    String ERASED = "[erased]";
    /**
     * What an encrypted value reads as when it cannot be trusted: it does not decrypt under its key (altered, or
     * moved from another scope) or names a key that never existed. Told apart from an erasure, so tampering or a
     * lost key table never passes for a lawful erasure.
     */
    String UNREADABLE = "[unreadable]";
}
