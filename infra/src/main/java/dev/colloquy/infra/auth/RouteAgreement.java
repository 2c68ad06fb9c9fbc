package dev.colloquy.infra.auth;

import dev.colloquy.infra.web.ErrorEnvelope;
import dev.colloquy.kernel.error.ErrorCode;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The second half of "authorized on what is routed": a handler runs only if the route the dispatcher chose is the
 * route whose rule admitted the request. Any disagreement (a pattern that matched differently, a mapping added
 * in another way) is refused, never run.
 */
@Component
public class RouteAgreement implements HandlerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(RouteAgreement.class);

    private final ErrorEnvelope errors;

    public RouteAgreement(ErrorEnvelope errors) {
        this.errors = errors;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!(handler instanceof HandlerMethod) || request.getDispatcherType() == DispatcherType.ERROR) {
            return true;
        }
        Object admitted = request.getAttribute(BearerAuthentication.RULE);
        Object routed = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (admitted instanceof AccessPolicy.Rule rule && routed instanceof String pattern
                && AccessPolicy.anonymous(rule.pattern().getPatternString()).equals(AccessPolicy.anonymous(pattern))) {
            return true;
        }
        log.error("refused {} {}: routed to {} but admitted by {}", request.getMethod(), printableUri(request), routed,
                admitted);
        errors.write(response, ErrorCode.NOT_FOUND, "no such endpoint");
        return false;
    }

    private static String printableUri(HttpServletRequest request) {
        return request.getRequestURI().replaceAll("[^\\x21-\\x7e]", "?");
    }
}
