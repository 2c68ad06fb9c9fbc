package dev.colloquy.infra.web;

import dev.colloquy.kernel.error.ErrorCode;
import java.io.IOException;
import java.io.PrintWriter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error answers (a request line it cannot parse, an encoded slash, a method no servlet takes) in
 * the error envelope instead of its HTML page. These are refused before any filter runs, so the body is a fixed
 * text per status: nothing of the request is echoed. Tomcat creates it by class name (see WebServerSettings).
 */
public class ContainerErrorReport extends ErrorReportValve {
    @Override
    protected void report(Request request, Response response, Throwable failure) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        if (status == 501) {
            // CONNECT and other methods no servlet implements: to a client, a method not allowed here
            status = 405;
            response.setStatus(status);
        }
        ErrorCode code = ErrorStatus.codeFor(status);
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("X-Error-Code", code.name());
            if (status == 401) {
                response.setHeader("WWW-Authenticate", "Bearer");
            }
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"error\":{\"code\":\"" + code.name() + "\",\"message\":\""
                        + ErrorStatus.messageFor(status) + "\",\"details\":{}}}");
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response was already sent: nobody is left to read the report
        }
    }
}
