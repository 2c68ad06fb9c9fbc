package dev.colloquy.infra.metrics;

import dev.colloquy.command.reply.ReplyTelemetry;
import dev.colloquy.kernel.reply.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The llm_* metrics of the requirements catalogue. Labels are model and status only: user and tenant ids
 * never become label values (unbounded cardinality, and personal data in monitoring).
 */
@Component
public class MicrometerReplyTelemetry implements ReplyTelemetry {
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

    public MicrometerReplyTelemetry(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void streamOpened(String model) {
        activeStreams(model).incrementAndGet();
    }

    @Override
    public void firstToken(String model, Duration sinceStart) {
        Timer.builder("llm.time.to.first.token").description("Time from the model call to its first token")
                .tag("model", model).publishPercentileHistogram().register(registry).record(sinceStart);
    }

    @Override
    public void streamClosed(String model, String status, Duration latency, TokenUsage usage) {
        activeStreams(model).updateAndGet(n -> Math.max(0, n - 1));
        Timer.builder("llm.total.latency").description("Time from the model call to the end of the reply")
                .tag("model", model).tag("status", status).publishPercentileHistogram().register(registry)
                .record(latency);
        Counter.builder("llm.requests").description("Replies generated, by outcome")
                .tag("model", model).tag("status", status).register(registry).increment();
        Counter.builder("llm.input.tokens").tag("model", model).register(registry).increment(usage.promptTokens());
        Counter.builder("llm.output.tokens").tag("model", model).register(registry)
                .increment(usage.completionTokens());
    }

    @Override
    public void citationsUnmatched(String model, int count) {
        Counter.builder("colloquy.citations.unmatched")
                .description("Source markers in replies that name no source of their prompt")
                .tag("model", model).register(registry).increment(count);
    }

    @Override
    public void sourcesRetrieved(int sources, int withheld) {
        DistributionSummary.builder("colloquy.retrieval.sources").description("Sources given to a reply's prompt")
                .register(registry).record(sources);
        Counter.builder("colloquy.retrieval.withheld")
                .description("Retrieved passages the injection guard kept out of prompts")
                .register(registry).increment(withheld);
    }

    private AtomicInteger activeStreams(String model) {
        return active.computeIfAbsent(model, m -> {
            AtomicInteger gauge = new AtomicInteger();
            Gauge.builder("llm.active.streams", gauge, AtomicInteger::get).tag("model", m)
                    .description("Replies streaming right now").register(registry);
            return gauge;
        });
    }
}
