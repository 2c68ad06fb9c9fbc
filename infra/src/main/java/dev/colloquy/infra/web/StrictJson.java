package dev.colloquy.infra.web;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import dev.colloquy.kernel.PlainText;
import dev.colloquy.kernel.error.ColloquyException;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies mean exactly what they say: no value of another type accepted for a string, number or flag
 * ({@code {"reason": 1}}, {@code 99.5} for an integer), no key given twice, nothing after the document, and no
 * text a field cannot hold ({@link PlainText}): control characters anywhere, line breaks outside prose.
 */
@Configuration
public class StrictJson {
    /** The body fields that hold prose, where tabs and line breaks belong; every other string is one line. */
    static final Set<String> PROSE = Set.of("content", "systemPrompt", "text", "description", "query");

    @Bean
    public JsonMapperBuilderCustomizer strictRequestBodies() {
        SimpleModule text = new SimpleModule("plain-text")
                .addDeserializer(String.class, new Text(false))
                .addKeyDeserializer(String.class, new Key())
                .addDeserializer(Instant.class, new BoundedInstant());
        return builder -> builder
                .addModule(text)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // [null] is not a list of scopes or roles: an element is never null
                .changeDefaultNullHandling(nulls -> JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .withCoercionConfig(LogicalType.Textual, refuse(CoercionInputShape.Integer, CoercionInputShape.Float,
                        CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Integer, refuse(CoercionInputShape.Float, CoercionInputShape.String,
                        CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Float, refuse(CoercionInputShape.String, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Boolean, refuse(CoercionInputShape.Integer, CoercionInputShape.Float,
                        CoercionInputShape.String));
    }

    private static Consumer<MutableCoercionConfig> refuse(
            CoercionInputShape... shapes) {
        return config -> {
            for (CoercionInputShape shape : shapes) {
                config.setCoercion(shape, CoercionAction.Fail);
            }
        };
    }

    /** A string field, checked as prose or as one line depending on which property it fills. */
    static final class Text extends ValueDeserializer<String> {
        private final boolean prose;

        Text(boolean prose) {
            this.prose = prose;
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            return new Text(property != null && PROSE.contains(property.getName()));
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = StringDeserializer.instance.deserialize(parser, context);
            String field = field(parser);
            if (prose) {
                PlainText.requireProse(field, value);
            } else {
                PlainText.requireSingleLine(field, value);
            }
            return value;
        }

        private static String field(JsonParser parser) {
            String name = parser.currentName();
            if (name == null && parser.streamReadContext().getParent() != null) {
                name = parser.streamReadContext().getParent().currentName();
            }
            return name == null ? "body" : name;
        }
    }

    /**
     * A point in time in years 1 to 9999, the range every part of the stack (JDBC, PostgreSQL, JavaScript's
     * Date) can hold: {@code +999999999-12-31T23:59:59Z} is valid ISO 8601 but overflows a timestamp.
     */
    static final class BoundedInstant extends ValueDeserializer<Instant> {
        private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
        private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999Z");

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            Instant value = InstantDeserializer.INSTANT.deserialize(parser, context);
            if (value != null && (value.isBefore(FIRST) || value.isAfter(LAST))) {
                throw ColloquyException.invalid(Text.field(parser), Text.field(parser)
                        + " must lie between the years 1 and 9999");
            }
            return value;
        }
    }

    static final class Key extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            PlainText.requireSingleLine("key", key);
            return key;
        }
    }
}
