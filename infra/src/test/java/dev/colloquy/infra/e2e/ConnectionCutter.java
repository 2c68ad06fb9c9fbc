package dev.colloquy.infra.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP relay between the browser and the app that can cut every open connection at once, as a dropped network
 * or a restarted proxy would. Chromium's own offline switch does not end a stream already open, so a test that
 * needs a real drop sends the browser through this. It also notes the {@code Last-Event-ID} of every request
 * the browser sends, to show how a stream was asked for again.
 */
final class ConnectionCutter implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private static final Pattern LAST_EVENT_ID = Pattern.compile("(?im)^last-event-id:\\s*(\\d+)\\s*$");

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Long> lastEventIds = new CopyOnWriteArrayList<>();

    private ConnectionCutter(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().name("cutter-accept").start(this::accept);
    }

    static ConnectionCutter to(int port) {
        try {
            return new ConnectionCutter(port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The Last-Event-ID headers of the requests relayed so far, in order. */
    List<Long> lastEventIds() {
        return List.copyOf(lastEventIds);
    }

    /** Closes every connection open now, both sides; new connections are relayed as before. */
    void cutAll() {
        for (Socket socket : open) {
            close(socket);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(client);
                open.add(upstream);
                Thread.ofVirtual().start(() -> relay(client, upstream, true));
                Thread.ofVirtual().start(() -> relay(upstream, client, false));
            } catch (IOException e) {
                // the listener was closed, or the app refused: the browser sees a failed connection either way
            }
        }
    }

    private void relay(Socket from, Socket to, boolean fromBrowser) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[8192];
            StringBuilder unread = new StringBuilder();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                if (fromBrowser) {
                    noteHeaders(unread.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1)));
                }
            }
        } catch (IOException e) {
            // cut, or closed by either end
        } finally {
            close(from);
            close(to);
        }
    }

    /** Reads every complete header block (up to a blank line) out of what the browser sent. */
    private void noteHeaders(StringBuilder unread) {
        for (int end = unread.indexOf("\r\n\r\n"); end >= 0; end = unread.indexOf("\r\n\r\n")) {
            Matcher header = LAST_EVENT_ID.matcher(unread.substring(0, end));
            while (header.find()) {
                lastEventIds.add(Long.parseLong(header.group(1)));
            }
            unread.delete(0, end + 4);
        }
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        cutAll();
    }
}
