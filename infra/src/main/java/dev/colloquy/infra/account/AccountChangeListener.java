package dev.colloquy.infra.account;

import dev.colloquy.command.account.AccountCache;
import dev.colloquy.command.account.AccountDirectory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Hears the account changes every node announces ({@code LISTEN}) and drops what they affect from this node's
 * {@link AccountCache}. It holds one connection of the pool; while that connection is down the cache is off,
 * so a lost notification can never let a disabled user or a revoked key through.
 */
@Component
public class AccountChangeListener implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(AccountChangeListener.class);
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final AccountCache cache;
    private volatile boolean running;
    private volatile Thread thread;

    public AccountChangeListener(DataSource dataSource, AccountCache cache) {
        this.dataSource = dataSource;
        this.cache = cache;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("account-changes").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        cache.listening(false);
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + AccountDirectory.CHANGES);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                cache.listening(true);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            cache.changed(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                cache.listening(false);
                if (running) {
                    log.warn("account change notifications interrupted; account lookups bypass the cache until "
                            + "they are back: {}", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_AFTER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
