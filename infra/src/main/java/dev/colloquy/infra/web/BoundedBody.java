package dev.colloquy.infra.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * A request whose body may not exceed a limit even when it announces no length (chunked transfer): reading
 * past the limit fails with {@link TooLarge}, which the error mapping answers with 413. A body must also start
 * as UTF-8 JSON does, with an ASCII character: a byte order mark or UTF-16 fails with {@link NotUtf8}, a 400
 * (Jackson would silently accept both).
 */
final class BoundedBody extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;

    BoundedBody(HttpServletRequest request, long limit) {
        super(request);
        this.limit = limit;
    }

    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("request body larger than " + limit + " bytes");
        }
    }

    static final class NotUtf8 extends IOException {
        NotUtf8() {
            super("the body must be UTF-8 JSON without a byte order mark");
        }
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            stream = new Counting(super.getInputStream());
        }
        return stream;
    }

    private final class Counting extends ServletInputStream {
        private final ServletInputStream delegate;
        private long read;
        private byte first;

        Counting(ServletInputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                first = read == 0 ? (byte) b : first;
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                first = read == 0 ? buffer[offset] : first;
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            if (read == 0 && (first == 0 || (first & 0xff) >= 0x80)) {
                throw new NotUtf8();
            }
            read += n;
            if (read > limit) {
                throw new TooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
