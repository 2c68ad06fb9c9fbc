package dev.colloquy.infra.privacy;

import dev.colloquy.kernel.privacy.PersonalDataScope;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Optional;

/** Reads a record's {@link PersonalDataScope}: which key its personal data goes under, and who it is about. */
final class KeyScope {
    private static final ClassValue<Optional<KeyScope>> OF = new ClassValue<>() {
        @Override
        protected Optional<KeyScope> computeValue(Class<?> type) {
            return type.isRecord() ? find(type) : Optional.empty();
        }
    };

    private final Method scope;
    private final Method subject;
    private final Method tenant;
    private final String kind;

    private KeyScope(Method scope, Method subject, Method tenant, String kind) {
        this.scope = scope;
        this.subject = subject;
        this.tenant = tenant;
        this.kind = kind;
    }

    static Optional<KeyScope> of(Class<?> type) {
        return OF.get(type);
    }

    String scopeId(Object record) {
        return (String) read(scope, record);
    }

    /** Whether records of this type open their scope (name its subject), so their key is created with them. */
    boolean opens() {
        return subject != null;
    }

    /** Null unless this record opens its scope. */
    PersonalDataKeys.Opening opening(Object record) {
        if (subject == null) {
            return null;
        }
        return new PersonalDataKeys.Opening((String) read(subject, record), (String) read(tenant, record), kind);
    }

    private static Optional<KeyScope> find(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        for (RecordComponent component : components) {
            PersonalDataScope annotation = component.getAnnotation(PersonalDataScope.class);
            if (annotation != null) {
                return Optional.of(new KeyScope(component.getAccessor(), accessor(components, annotation.subject()),
                        accessor(components, annotation.tenant()), annotation.kind()));
            }
        }
        return Optional.empty();
    }

    private static Method accessor(RecordComponent[] components, String name) {
        if (name.isEmpty()) {
            return null;
        }
        return Arrays.stream(components).filter(c -> c.getName().equals(name)).findFirst()
                .map(RecordComponent::getAccessor)
                .orElseThrow(() -> new IllegalStateException("@PersonalDataScope names no component " + name));
    }

    private static Object read(Method accessor, Object record) {
        try {
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + accessor, e);
        }
    }
}
