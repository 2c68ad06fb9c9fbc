package dev.colloquy.infra.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between the browser and the app that can cut every open connection at once, as a dropped network
 * or a restarted proxy would. Chromium's own offline switch does not end a stream already open, so a test that
 * needs a real drop sends the browser through this.
 */
final class ConnectionCutter implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

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
                Thread.ofVirtual().start(() -> relay(client, upstream));
                Thread.ofVirtual().start(() -> relay(upstream, client));
            } catch (IOException e) {
                // the listener was closed, or the app refused: the browser sees a failed connection either way
            }
        }
    }

    private void relay(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // cut, or closed by either end
        } finally {
            close(from);
            close(to);
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
