package dev.colloquy.infra.abuse;

import dev.colloquy.command.abuse.AbuseSweep;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Runs the abuse sweep every {@code interval} on this node, from the moment the application is ready (the
 * migrations have run, the processors have started) until it stops. Every node sweeps; the account makes a
 * second restriction of the same user a no-op.
 */
public class AbuseSweepSchedule implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(AbuseSweepSchedule.class);

    private final AbuseSweep sweep;
    private final Duration interval;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("abuse-sweep").factory());

    public AbuseSweepSchedule(AbuseSweep sweep, Duration interval) {
        this.sweep = sweep;
        this.interval = interval;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        schedule.scheduleWithFixedDelay(this::sweepOnce, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void sweepOnce() {
        try {
            int acted = sweep.sweep();
            if (acted > 0) {
                log.info("the abuse policy acted on {} users", acted);
            }
        } catch (RuntimeException e) {
            log.warn("the abuse sweep failed; retrying: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        schedule.shutdownNow();
    }
}
