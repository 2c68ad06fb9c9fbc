package dev.colloquy.infra.privacy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.databind.ser.std.StringSerializer;
import dev.colloquy.kernel.privacy.PersonalData;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crypto-shredding in the event serializer: a {@link PersonalData} text is written as an {@link Envelope} under
 * its scope's key and read back as plain text while the key exists, as {@link PersonalData#ERASED} once it is
 * shredded. Every other string, and plain text written before encryption was introduced, passes unchanged.
 */
public final class PersonalDataModule extends SimpleModule {
    private static final Logger log = LoggerFactory.getLogger(PersonalDataModule.class);

    public PersonalDataModule(PersonalDataKeys keys) {
        super("colloquy-personal-data");
        addSerializer(String.class, new Sealing(keys, false));
        addDeserializer(String.class, new Opening(keys, false));
        setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                      JsonSerializer<?> serializer) {
                boolean opens = KeyScope.of(description.getBeanClass()).map(KeyScope::opens).orElse(false);
                return opens ? new ScopeOpening(keys, serializer) : serializer;
            }
        });
    }

    private static boolean personal(BeanProperty property) {
        return property != null && property.getAnnotation(PersonalData.class) != null;
    }

    private static final class Sealing extends StdScalarSerializer<String> implements ContextualSerializer {
        private final PersonalDataKeys keys;
        private final boolean personal;

        Sealing(PersonalDataKeys keys, boolean personal) {
            super(String.class);
            this.keys = keys;
            this.personal = personal;
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) {
            return personal(property) ? new Sealing(keys, true) : new StringSerializer();
        }

        @Override
        public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (!personal || value.isEmpty()) {
                gen.writeString(value);
                return;
            }
            Object owner = scopeOwner(gen.getOutputContext());
            KeyScope scope = KeyScope.of(owner.getClass()).orElseThrow();
            Optional<PersonalDataKeys.Key> key = keys.forScope(scope.scopeId(owner), scope.opening(owner));
            if (key.isEmpty()) {
                // a scope opened before encryption was introduced: its history is plain text already
                gen.writeString(value);
            } else if (key.get().shredded()) {
                gen.writeString(PersonalData.ERASED);
            } else {
                gen.writeString(Envelope.seal(value, key.get().keyId(), key.get().secret()));
            }
        }

        /** The record being written, or the nearest enclosing one (a transcript entry's event), naming the scope. */
        private static Object scopeOwner(JsonStreamContext context) {
            for (JsonStreamContext c = context; c != null; c = c.getParent()) {
                Object value = c.getCurrentValue();
                if (value != null && KeyScope.of(value.getClass()).isPresent()) {
                    return value;
                }
            }
            throw new IllegalStateException("personal data outside any record with a @PersonalDataScope");
        }
    }

    /**
     * Creates the key of the scope an event opens (a conversation's start or fork, a user's registration) even
     * when none of its own fields holds personal text yet: the later events of that scope need the key, and
     * without one they would be written in clear.
     */
    private static final class ScopeOpening extends JsonSerializer<Object>
            implements ContextualSerializer, ResolvableSerializer {
        private final PersonalDataKeys keys;
        private final JsonSerializer<Object> delegate;

        @SuppressWarnings("unchecked")
        ScopeOpening(PersonalDataKeys keys, JsonSerializer<?> delegate) {
            this.keys = keys;
            this.delegate = (JsonSerializer<Object>) delegate;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            open(value);
            delegate.serialize(value, gen, provider);
        }

        @Override
        public void serializeWithType(Object value, JsonGenerator gen, SerializerProvider provider,
                                      TypeSerializer types) throws IOException {
            open(value);
            delegate.serializeWithType(value, gen, provider, types);
        }

        private void open(Object value) {
            KeyScope scope = KeyScope.of(value.getClass()).orElseThrow();
            keys.forScope(scope.scopeId(value), scope.opening(value));
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            if (delegate instanceof ResolvableSerializer resolvable) {
                resolvable.resolve(provider);
            }
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
                throws JsonMappingException {
            return delegate instanceof ContextualSerializer contextual
                    ? new ScopeOpening(keys, contextual.createContextual(provider, property)) : this;
        }
    }

    private static final class Opening extends StdScalarDeserializer<String> implements ContextualDeserializer {
        private final PersonalDataKeys keys;
        private final boolean personal;

        Opening(PersonalDataKeys keys, boolean personal) {
            super(String.class);
            this.keys = keys;
            this.personal = personal;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            return personal(property) ? new Opening(keys, true) : StringDeserializer.instance;
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            String keyId = value == null || !personal ? null : Envelope.keyIdOf(value);
            if (keyId == null) {
                return value;
            }
            Optional<PersonalDataKeys.Key> key = keys.byId(keyId);
            if (key.isEmpty()) {
                log.error("personal data names key {}, which never existed here (a restored or damaged key table?)",
                        keyId);
                return PersonalData.UNREADABLE;
            }
            if (key.get().shredded()) {
                return PersonalData.ERASED;
            }
            try {
                return Envelope.open(value, keyId, key.get().secret());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // Altered or moved: marked as such rather than stopping every processor on this event.
                log.error("personal data under key {} does not decrypt: {}", keyId, e.toString());
                return PersonalData.UNREADABLE;
            }
        }
    }
}
