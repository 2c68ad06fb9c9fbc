package dev.colloquy.infra.auth;

import dev.colloquy.infra.web.ErrorEnvelope;
import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every {@code /api/} request except the token endpoint needs a valid bearer access token; the caller it names
 * is the only source of tenant and user. Also gives each request its trace id (from W3C {@code traceparent}
 * when present) for the events it causes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class BearerAuthentication extends OncePerRequestFilter {
    public static final String CALLER = BearerAuthentication.class.getName() + ".caller";
    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");

    private final AccessTokens tokens;
    private final ErrorEnvelope errors;

    public BearerAuthentication(AccessTokens tokens, ErrorEnvelope errors) {
        this.tokens = tokens;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/api/") || path.startsWith("/api/v1/auth/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        Optional<Caller> caller = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.verify(header.substring(7).trim())
                : Optional.empty();
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            errors.write(response, ErrorCode.AUTHENTICATION_ERROR, "invalid or expired token");
            return;
        }
        String traceId = traceId(request);
        response.setHeader("X-Trace-Id", traceId);
        request.setAttribute(CALLER, caller.get());
        RequestOrigin.set(new RequestOrigin(caller.get().tenantId(), caller.get().userId(), traceId));
        // Spring Boot's log pattern prints the MDC's traceId, so a request's log lines match its events.
        MDC.put("traceId", traceId);
        try {
            chain.doFilter(request, response);
        } finally {
            RequestOrigin.clear();
            MDC.remove("traceId");
        }
    }

    private static String traceId(HttpServletRequest request) {
        String traceparent = request.getHeader("traceparent");
        if (traceparent != null) {
            var matcher = TRACEPARENT.matcher(traceparent.trim());
            if (matcher.matches()) {
                return matcher.group(1);
            }
        }
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
