package dev.colloquy.infra.web;

import dev.colloquy.infra.ColloquyProperties;
import dev.colloquy.infra.auth.BearerAuthentication;
import dev.colloquy.infra.auth.RouteAgreement;
import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Gives controllers their {@link Caller}, refuses oversized bodies before they are read, and sets up CORS. */
@Configuration
public class WebConfiguration implements WebMvcConfigurer {
    private final ColloquyProperties properties;
    private final HandlerInterceptor routeAgreement;

    public WebConfiguration(ColloquyProperties properties, RouteAgreement routeAgreement) {
        this.properties = properties;
        this.routeAgreement = routeAgreement;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(routeAgreement);
    }

    /** Bearer tokens, not cookies, so no credentials mode: a configured "*" can never expose a session. */
    @Override
    public void addCorsMappings(CorsRegistry registry) {
        List<String> origins = properties.web().corsOrigins();
        if (origins.isEmpty()) {
            return;
        }
        registry.addMapping("/api/**")
                .allowedOrigins(origins.toArray(String[]::new))
                .allowedMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .allowedHeaders("Authorization", "Content-Type", "Last-Event-ID", "traceparent")
                .exposedHeaders("X-Error-Code", "X-Trace-Id", "Retry-After", "Location")
                .allowCredentials(false)
                .maxAge(600);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == Caller.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                                          NativeWebRequest request, WebDataBinderFactory binders) {
                Object caller = request.getAttribute(BearerAuthentication.CALLER, RequestAttributes.SCOPE_REQUEST);
                if (caller == null) {
                    throw new ColloquyException(ErrorCode.AUTHENTICATION_ERROR, "authentication required");
                }
                return caller;
            }
        });
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    public OncePerRequestFilter requestSizeLimit(ColloquyProperties properties, ErrorEnvelope errors) {
        long jsonLimit = properties.limits().maxRequestBytes();
        long uploadLimit = properties.knowledge().maxUploadBytes();
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                // A file upload may be larger than a JSON body; each plan's own file limit is checked after.
                String type = request.getContentType();
                long limit = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")
                        ? uploadLimit : jsonLimit;
                if (request.getContentLengthLong() > limit) {
                    errors.write(response, ErrorCode.PAYLOAD_TOO_LARGE,
                            "request body larger than " + limit + " bytes");
                    return;
                }
                // A body without a length (chunked) is counted while it is read; every body's first byte is checked.
                chain.doFilter(new BoundedBody(request, limit), response);
            }
        };
    }
}
