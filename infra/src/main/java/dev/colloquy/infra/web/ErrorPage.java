package dev.colloquy.infra.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the container's error dispatch renders (a {@code sendError} anywhere, e.g. TRACE refused by Tomcat): the
 * error envelope with the status that was set, never Spring Boot's own shape. Asked for directly it is no route.
 */
@RestController
public class ErrorPage implements ErrorController {
    @RequestMapping("/error")
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (request.getDispatcherType() != DispatcherType.ERROR || !(status instanceof Integer code)) {
            return ErrorEnvelope.entity(ErrorStatus.codeFor(404), ErrorStatus.messageFor(404), Map.of());
        }
        int shown = code == 501 ? 405 : code;
        ResponseEntity<Map<String, Object>> envelope = ErrorEnvelope.entity(ErrorStatus.codeFor(shown),
                ErrorStatus.messageFor(shown), Map.of());
        return ResponseEntity.status(shown).headers(envelope.getHeaders()).body(envelope.getBody());
    }
}
