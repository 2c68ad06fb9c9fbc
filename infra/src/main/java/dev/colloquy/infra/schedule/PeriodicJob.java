package dev.colloquy.infra.schedule;

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
 * Work every node repeats on a fixed delay (sweeps, retention). It starts only once the application is ready:
 * before that, Flyway may not have created the tables yet and Axon has not subscribed the command handlers, so a
 * job could fail, or send commands nobody handles and record that as the outcome. A failed run is logged and the
 * next one comes at the next interval.
 */
public final class PeriodicJob implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(PeriodicJob.class);

    private final String name;
    private final Duration interval;
    private final Runnable work;
    private final ScheduledExecutorService thread;

    public PeriodicJob(String name, Duration interval, Runnable work) {
        this.name = name;
        this.interval = interval;
        this.work = work;
        this.thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name).factory());
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!interval.isZero() && !interval.isNegative()) {
            thread.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void runOnce() {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("{} failed; it runs again in {}: {}", name, interval, e.toString());
        }
    }

    @Override
    public void destroy() {
        thread.shutdownNow();
    }
}
