package dev.colloquy.infra.auth;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Stops the application when an {@code /api/} route has no declared access rule: nothing is open by accident. */
@Component
public class AccessPolicyCheck implements SmartInitializingSingleton {
    private final RequestMappingHandlerMapping mappings;
    private final AccessPolicy policy;

    public AccessPolicyCheck(RequestMappingHandlerMapping requestMappingHandlerMapping, AccessPolicy policy) {
        this.mappings = requestMappingHandlerMapping;
        this.policy = policy;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> uncovered = uncoveredRoutes();
        if (!uncovered.isEmpty()) {
            throw new IllegalStateException("routes without an access rule in AccessPolicy: " + uncovered);
        }
    }

    public List<String> uncoveredRoutes() {
        List<String> uncovered = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                String example = pattern.replaceAll("\\{[^}]+}", "x");
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    if (policy.ruleFor(method.name(), example).isEmpty()) {
                        uncovered.add(method + " " + pattern);
                    }
                }
            }
        }
        return uncovered;
    }
}
