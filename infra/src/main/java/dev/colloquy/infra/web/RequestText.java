package dev.colloquy.infra.web;

import dev.colloquy.kernel.PlainText;
import dev.colloquy.kernel.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The parts of a request that are not its JSON body: the path (decoded), the query parameters and the body's
 * declared type. A path or parameter that is not valid percent-encoded UTF-8, or holds a control character, is
 * refused (400) before anything reads it; so is a body that is not declared as exactly JSON in UTF-8 (415), as
 * RFC 8259 requires of JSON exchanged between systems.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class RequestText extends OncePerRequestFilter {
    private final ErrorEnvelope errors;

    public RequestText(ErrorEnvelope errors) {
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> badText = badPath(request).or(() -> badParameter(request));
        if (badText.isPresent()) {
            errors.write(response, ErrorCode.VALIDATION_ERROR, badText.get());
            return;
        }
        Optional<String> badType = badContentType(request);
        if (badType.isPresent()) {
            errors.write(response, ErrorCode.UNSUPPORTED_MEDIA_TYPE, badType.get());
            return;
        }
        chain.doFilter(request, response);
    }

    private static Optional<String> badPath(HttpServletRequest request) {
        try {
            for (PathContainer.Element element : PathContainer.parsePath(request.getRequestURI()).elements()) {
                if (element instanceof PathContainer.PathSegment segment
                        && !PlainText.isClean(segment.valueToMatch(), false)) {
                    return Optional.of("the path holds a control character");
                }
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("the path is not valid percent-encoded UTF-8");
        }
    }

    private static Optional<String> badParameter(HttpServletRequest request) {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException e) {
            // Tomcat refuses to decode it (a lone '%', '%ZZ', bytes that are not UTF-8) and says so on first use
            return Optional.of("the query string is not valid percent-encoded UTF-8");
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (!PlainText.isClean(parameter.getKey(), false)) {
                return Optional.of("a query parameter's name holds a control character");
            }
            for (String value : parameter.getValue()) {
                if (!PlainText.isClean(value, false) || value.indexOf('\uFFFD') >= 0) {
                    return Optional.of("query parameter " + parameter.getKey() + " holds a control character or"
                            + " bytes that are not UTF-8");
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> badContentType(HttpServletRequest request) {
        String declared = request.getContentType();
        if (declared == null) {
            return Optional.empty();
        }
        try {
            MediaType type = MediaType.parseMediaType(declared);
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                return Optional.of("Content-Type must name one type: send application/json");
            }
            if (type.getCharset() != null && !StandardCharsets.UTF_8.equals(type.getCharset())) {
                return Optional.of("send JSON in UTF-8 (RFC 8259), not " + type.getCharset());
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("Content-Type is not a media type: send application/json");
        }
    }
}
