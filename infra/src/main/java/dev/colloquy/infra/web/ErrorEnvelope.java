package dev.colloquy.infra.web;

import dev.colloquy.kernel.error.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The one error shape: {@code {"error":{"code","message","details"}}} with an {@code X-Error-Code} header. */
@Component
public class ErrorEnvelope {
    private final JsonMapper json;

    public ErrorEnvelope(JsonMapper json) {
        this.json = json;
    }

    public static Map<String, Object> body(ErrorCode code, String message, Map<String, Object> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("message", message);
        error.put("details", details == null ? Map.of() : details);
        return Map.of("error", error);
    }

    public static ResponseEntity<Map<String, Object>> entity(ErrorCode code, String message,
                                                             Map<String, Object> details) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(code.httpStatus())
                .header("X-Error-Code", code.name());
        if (code == ErrorCode.AUTHENTICATION_ERROR) {
            // RFC 9110: every 401 says how to authenticate
            response.header("WWW-Authenticate", "Bearer");
        }
        if (details != null && details.get("retryAfterSeconds") instanceof Number seconds) {
            response.header("Retry-After", String.valueOf(seconds.longValue()));
        }
        if (details != null && details.get("rateLimit") instanceof Map<?, ?> rate && !rate.isEmpty()) {
            response.header("X-RateLimit-Limit", String.valueOf(rate.get("limit")));
            response.header("X-RateLimit-Remaining", String.valueOf(rate.get("remaining")));
            response.header("X-RateLimit-Reset", String.valueOf(rate.get("reset")));
        }
        return response
                .contentType(MediaType.APPLICATION_JSON)
                .body(body(code, message, details));
    }

    /** For filters, which answer before any controller (and its advice) is reached. */
    public void write(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        write(response, code, message, Map.of());
    }

    public void write(HttpServletResponse response, ErrorCode code, String message, Map<String, Object> details)
            throws IOException {
        response.setStatus(code.httpStatus());
        response.setHeader("X-Error-Code", code.name());
        if (code == ErrorCode.AUTHENTICATION_ERROR && !response.containsHeader("WWW-Authenticate")) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(body(code, message, details)));
    }
}
