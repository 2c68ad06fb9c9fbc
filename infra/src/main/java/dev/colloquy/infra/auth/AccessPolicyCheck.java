package dev.colloquy.infra.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Stops the application when a route exists that the access policy does not name: every handler of every
 * request mapping (the API, the actuator, the API description) and method, and every file the UI serves. A
 * mapping without methods answers all of them, so it needs a rule for each. The error page is the one exception:
 * it is reached only by the container's error dispatch, never by a request (the policy has no route for it).
 */
@Component
public class AccessPolicyCheck implements SmartInitializingSingleton {
    private static final Set<RequestMethod> EVERY_METHOD = Set.of(RequestMethod.GET, RequestMethod.POST,
            RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE);

    private final ApplicationContext context;
    private final AccessPolicy policy;

    public AccessPolicyCheck(ApplicationContext context, AccessPolicy policy) {
        this.context = context;
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
        for (RequestMappingInfoHandlerMapping mapping
                : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            mapping.getHandlerMethods().forEach((info, handler) -> {
                if (!isErrorPage(handler)) {
                    uncovered.addAll(uncovered(info));
                }
            });
        }
        uncovered.addAll(uncoveredFiles());
        return uncovered;
    }

    private List<String> uncovered(RequestMappingInfo info) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        List<String> uncovered = new ArrayList<>();
        for (String pattern : info.getPatternValues()) {
            for (RequestMethod method : methods.isEmpty() ? EVERY_METHOD : methods) {
                if (policy.ruleFor(HttpMethod.valueOf(method.name()), pattern).isEmpty()) {
                    uncovered.add(method + " " + pattern);
                }
            }
        }
        return uncovered;
    }

    private static boolean isErrorPage(HandlerMethod handler) {
        return ErrorController.class.isAssignableFrom(handler.getBeanType());
    }

    /**
     * The resource handlers serve whatever is under {@code static/} and the web jars' {@code META-INF/resources/}:
     * each file must be named by a rule.
     */
    private List<String> uncoveredFiles() {
        List<String> uncovered = new ArrayList<>(uncoveredFiles("classpath*:/static/**", "/static/"));
        uncovered.addAll(uncoveredFiles("classpath*:/META-INF/resources/webjars/**", "/META-INF/resources/"));
        return uncovered;
    }

    private List<String> uncoveredFiles(String location, String root) {
        try {
            List<String> uncovered = new ArrayList<>();
            for (Resource file : new PathMatchingResourcePatternResolver().getResources(location)) {
                String url = file.getURL().toString();
                if (!file.isReadable() || url.endsWith("/")) {
                    continue;
                }
                String path = url.substring(url.lastIndexOf(root) + root.length() - 1);
                if (!(policy.decide("GET", PathContainer.parsePath(path)) instanceof AccessPolicy.Matched)) {
                    uncovered.add("GET " + path);
                }
            }
            return uncovered;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
