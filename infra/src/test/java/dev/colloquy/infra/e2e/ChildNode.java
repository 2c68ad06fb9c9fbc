package dev.colloquy.infra.e2e;

import static org.awaitility.Awaitility.await;

import dev.colloquy.infra.ColloquyApplication;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Colloquy node in a process of its own, on the test database and the test models, so that a test can kill it
 * the way an operating system does ({@code kill -9}: no shutdown hook, no last checkpoint, no goodbye).
 */
final class ChildNode implements AutoCloseable {
    private final Process process;
    private final int port;

    private ChildNode(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ChildNode start(FakeOpenAi openai, Map<String, Object> properties, File log) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, Object> all = TestNode.properties(false, openai, port, properties);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), ColloquyApplication.class.getName()));
        all.forEach((name, value) -> command.add("--" + name + "=" + value));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log)).start();
        ChildNode node = new ChildNode(process, port);
        await().atMost(Duration.ofSeconds(120)).failFast("the child node exited; see " + log, () -> !process.isAlive())
                .ignoreExceptions().until(() -> "UP".equals(node.api().get("/actuator/health/readiness", null).body()
                        .path("status").asText()));
        return node;
    }

    Api api() {
        return new Api(port);
    }

    /** SIGKILL, as {@code kill -9}: the process gets no chance to say or save anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
