import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Load generator for `make bench`, run as a single-file program:
 * {@code java Bench.java BASE_URL APP_PID WARMUP_ROUNDS STREAMSxTURNS...}, for example
 * {@code java Bench.java http://127.0.0.1:18080 4242 6 1x200 64x20}.
 *
 * <p>Each stream is one user conversation doing its turns in a row: POST a message, open the reply's SSE stream,
 * read it to its end. Time to first delta = from the POST's 202 to the first delta event; accept time = the POST
 * itself (where rate limits are taken and the quota is reserved).
 *
 * <p>Before the measured runs it drives WARMUP_ROUNDS rounds of 64 streams × 20 turns, unreported: the JIT
 * compiler is still at work for thousands of turns, and its CPU would otherwise be charged to the turns. One JVM
 * runs everything, over plain sockets (HTTP/1.1, one keep-alive connection per stream), so the generator's own
 * start-up and compilation stay out of the figures and it takes as little CPU from the application as it can.
 * Each run reports the CPU time per turn of the application (APP_PID), of every PostgreSQL process on the machine
 * and of the generator itself, from {@code /proc}.
 *
 * <p>With {@code -Dstream.base=URL} (a second node on the same database) every stream is read from that node while
 * the messages go to BASE_URL: the time to first delta of a subscriber on another node than the generating one.
 *
 * <p>{@code java Bench.java failover BASE_URL OTHER_URL OTHER_PID} measures a node's death instead: a slow reply
 * accepted (so generated) by OTHER, followed from BASE; once its first delta arrives, OTHER_PID is killed with
 * SIGKILL, and the time until BASE's subscriber hears the reply's ending is reported.
 */
public class Bench {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");
    /** /proc reports process times in USER_HZ ticks: 100 a second on x86-64 and arm64 (`getconf CLK_TCK`). */
    private static final long TICKS_PER_SECOND = 100;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("failover")) {
            failover(URI.create(args[1]), URI.create(args[2]), Long.parseLong(args[3]));
            return;
        }
        URI base = URI.create(args[0]);
        long appPid = Long.parseLong(args[1]);
        int warmupRounds = Integer.parseInt(args[2]);
        Connection login = new Connection(base);
        String token = field(login.post("/api/v1/auth/token", null,
                "{\"username\":\"alice@acme.test\",\"password\":\"colloquy-demo\"}"), "access_token");
        login.close();
        for (int round = 0; round < warmupRounds; round++) {
            run(base, token, 64, 20);
        }
        for (int i = 3; i < args.length; i++) {
            String[] scenario = args[i].split("x");
            int streams = Integer.parseInt(scenario[0]);
            int turns = Integer.parseInt(scenario[1]);
            long appBefore = ticks(appPid);
            long dbBefore = postgresTicks();
            long selfBefore = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
            Result result = run(base, token, streams, turns);
            double app = (ticks(appPid) - appBefore) * 1000.0 / TICKS_PER_SECOND / result.turns();
            double db = (postgresTicks() - dbBefore) * 1000.0 / TICKS_PER_SECOND / result.turns();
            double self = (ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() - selfBefore)
                    / 1e6 / result.turns();
            System.out.printf("streams=%d turns=%d accept_p50_ms=%.2f accept_p99_ms=%.2f ttfd_p50_ms=%.2f "
                            + "ttfd_p99_ms=%.2f turns_per_s=%.1f%n  cpu per turn: app_ms=%.2f postgres_ms=%.2f "
                            + "loadgen_ms=%.2f%n", streams, result.samples().size(),
                    percentile(result.samples(), Sample::accept, 50), percentile(result.samples(), Sample::accept, 99),
                    percentile(result.samples(), Sample::firstDelta, 50),
                    percentile(result.samples(), Sample::firstDelta, 99), result.turnsPerSecond(), app, db, self);
        }
    }

    private static void failover(URI survivor, URI doomed, long doomedPid) throws Exception {
        Connection there = new Connection(doomed);
        String token = field(there.post("/api/v1/auth/token", null,
                "{\"username\":\"alice@acme.test\",\"password\":\"colloquy-demo\"}"), "access_token");
        String conversation = field(there.post("/api/v1/conversations", token, "{\"title\":\"failover\"}"), "id");
        String accepted = there.post("/api/v1/conversations/" + conversation + "/messages", token,
                "{\"content\":\"a long answer, please\"}");
        Connection here = new Connection(survivor);
        long[] killedAt = {0, 0};
        String ending = here.follow(field(accepted, "streamUrl"), token, () -> {
            ProcessHandle.of(doomedPid).ifPresent(ProcessHandle::destroyForcibly);
            killedAt[0] = System.nanoTime();
            killedAt[1] = System.currentTimeMillis();
        });
        System.out.printf("failover: kill -9 of the generating node to the subscriber's ending (%s) on the other "
                + "node: %.1f s%nkilled_at_ms=%d%n", ending, (System.nanoTime() - killedAt[0]) / 1e9, killedAt[1]);
    }

    /** Nanoseconds of one turn: the POST until its 202, and from the 202 to the first delta. */
    private record Sample(long accept, long firstDelta) {
    }

    /** The timed turns, and every turn the CPU was spent on (the conversations' first, untimed turn included). */
    private record Result(List<Sample> samples, double turnsPerSecond, int turns) {
    }

    /** New conversations, one untimed turn each (so none is measured empty), then TURNS timed turns each. */
    private static Result run(URI base, String token, int streams, int turns) throws Exception {
        // A connection of its own: one left idle through the previous run would have been closed by the server.
        Connection setup = new Connection(base);
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            conversations.add(field(setup.post("/api/v1/conversations", token, "{\"title\":\"bench\"}"), "id"));
        }
        setup.close();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                connections.add(new Connection(base));
            }
            List<Future<?>> first = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                Connection connection = connections.get(i);
                String conversation = conversations.get(i);
                first.add(pool.submit(() -> turn(connection, token, conversation, -1)));
            }
            for (Future<?> f : first) {
                f.get();
            }
            long started = System.nanoTime();
            List<Future<List<Sample>>> results = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                Connection connection = connections.get(i);
                String conversation = conversations.get(i);
                results.add(pool.submit(() -> {
                    List<Sample> samples = new ArrayList<>();
                    for (int t = 0; t < turns; t++) {
                        samples.add(turn(connection, token, conversation, t));
                    }
                    return samples;
                }));
            }
            List<Sample> all = new ArrayList<>();
            for (Future<List<Sample>> result : results) {
                all.addAll(result.get());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            for (Connection connection : connections) {
                connection.close();
            }
            return new Result(all, all.size() / seconds, streams * (turns + 1));
        }
    }

    /** The stream's own connection to the other node, when streams are read there; else the posting one. */
    private static final ThreadLocal<Connection> REMOTE = new ThreadLocal<>();

    private static Connection streamFrom(Connection posting) {
        String remote = System.getProperty("stream.base");
        if (remote == null) {
            return posting;
        }
        if (REMOTE.get() == null) {
            REMOTE.set(new Connection(URI.create(remote)));
        }
        return REMOTE.get();
    }

    private static Sample turn(Connection connection, String token, String conversation, int n) throws IOException {
        long postedAt = System.nanoTime();
        String accepted = connection.post("/api/v1/conversations/" + conversation + "/messages", token,
                "{\"content\":\"benchmark turn " + n + "\"}");
        long acceptedAt = System.nanoTime();
        long firstDelta = streamFrom(connection).stream(field(accepted, "streamUrl"), token, acceptedAt);
        return new Sample(acceptedAt - postedAt, firstDelta);
    }

    /**
     * One keep-alive HTTP/1.1 connection, used by one stream at a time. Opens a new one after a response that
     * said {@code Connection: close} (Tomcat ends a connection after a number of requests).
     */
    private static final class Connection {
        private final URI base;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(URI base) {
            this.base = base;
        }

        String post(String path, String token, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            Response response = exchange("POST " + path + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                    + authorization(token) + "\r\n", body);
            String text = new String(response.readAll(), StandardCharsets.UTF_8);
            response.finish();
            if (response.status >= 300) {
                throw new IllegalStateException(path + " answered " + response.status + ": " + text);
            }
            return text;
        }

        /** Reads the SSE stream to its end; answers the nanoseconds from {@code since} to the first delta. */
        long stream(String path, String token, long since) throws IOException {
            Response response = openStream(path, token);
            long firstDelta = -1;
            StringBuilder seen = new StringBuilder();
            for (String text = nextLine(response); text != null; text = nextLine(response)) {
                seen.append(text).append('\n');
                if (text.equals("event:delta")) {
                    if (firstDelta < 0) {
                        firstDelta = System.nanoTime() - since;
                    }
                } else if (text.startsWith("event:") && !text.equals("event:completed")) {
                    throw new IllegalStateException("reply ended with " + text);
                }
            }
            response.finish();
            if (firstDelta < 0) {
                throw new IllegalStateException("no delta on " + path + ":\n" + seen);
            }
            return firstDelta;
        }

        /** Reads the SSE stream to its ending, running {@code atFirstDelta} once; answers the ending's name. */
        String follow(String path, String token, Runnable atFirstDelta) throws IOException {
            Response response = openStream(path, token);
            boolean first = true;
            for (String text = nextLine(response); text != null; text = nextLine(response)) {
                if (text.equals("event:delta") && first) {
                    first = false;
                    atFirstDelta.run();
                } else if (text.startsWith("event:") && !text.equals("event:delta") && !first) {
                    return text.substring("event:".length());
                }
            }
            throw new IllegalStateException("the stream on " + path + " closed without an ending");
        }

        private Response openStream(String path, String token) throws IOException {
            Response response = exchange("GET " + path + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nAccept: text/event-stream\r\n" + authorization(token) + "\r\n", new byte[0]);
            if (response.status != 200) {
                throw new IllegalStateException(path + " answered " + response.status + ": "
                        + new String(response.readAll(), StandardCharsets.UTF_8));
            }
            return response;
        }

        /** The stream's next line without its newline; null at its end. */
        private static String nextLine(Response response) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            for (int b = response.read(); b >= 0; b = response.read()) {
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
        }

        private Response exchange(String head, byte[] body) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                // A stream gets a heartbeat every 15 s: a minute of silence means a hung run, which should fail.
                socket.setSoTimeout(60_000);
                socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
                in = new BufferedInputStream(socket.getInputStream(), 16_384);
                out = socket.getOutputStream();
            }
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return Response.read(in, this);
        }

        void close() throws IOException {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }

        private static String authorization(String token) {
            return token == null ? "" : "Authorization: Bearer " + token + "\r\n";
        }
    }

    /** A response's status and body, the body framed by Content-Length or chunked encoding. */
    private static final class Response {
        final int status;
        private final InputStream in;
        private final Connection connection;
        private final boolean chunked;
        private final boolean close;
        private long remaining;
        private boolean done;

        private Response(int status, InputStream in, Connection connection, boolean chunked, long length,
                         boolean close) {
            this.status = status;
            this.in = in;
            this.connection = connection;
            this.chunked = chunked;
            this.remaining = chunked ? 0 : length;
            this.close = close;
            this.done = !chunked && length == 0;
        }

        static Response read(InputStream in, Connection connection) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            boolean chunked = false;
            boolean close = false;
            long length = 0;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.equalsIgnoreCase("chunked");
                } else if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Connection")) {
                    close = value.equalsIgnoreCase("close");
                }
            }
            return new Response(status, in, connection, chunked, length, close);
        }

        int read() throws IOException {
            if (done) {
                return -1;
            }
            if (remaining == 0) {
                if (!chunked) {
                    done = true;
                    return -1;
                }
                remaining = Long.parseLong(line(in).split(";")[0].trim(), 16);
                if (remaining == 0) {
                    line(in); // the empty line after the last chunk (no trailers are sent)
                    done = true;
                    return -1;
                }
            }
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a response");
            }
            if (--remaining == 0 && chunked) {
                line(in); // the CRLF closing the chunk
            }
            return b;
        }

        byte[] readAll() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int b = read(); b >= 0; b = read()) {
                body.write(b);
            }
            return body.toByteArray();
        }

        void finish() throws IOException {
            while (read() >= 0) {
                // drain, so the connection can carry the next request
            }
            if (close) {
                connection.close();
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }
    }

    private static long ticks(long pid) throws IOException {
        String[] fields = stat(pid);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** A process's own time and that of its children that ended, which the kernel adds to the parent's. */
    private static long ticksWithEndedChildren(long pid) throws IOException {
        String[] fields = stat(pid);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                + Long.parseLong(fields[14]);
    }

    /** The fields after the command name (which may contain spaces): utime, stime, cutime, cstime are 11–14. */
    private static String[] stat(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /**
     * Every PostgreSQL process on the machine, with the backends that ended during the run: the server forks one
     * per connection and collects their time when they exit.
     */
    private static long postgresTicks() throws IOException {
        long total = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(process.resolve("comm")).trim().equals("postgres")) {
                        total += ticksWithEndedChildren(Long.parseLong(process.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // the process ended between the listing and the read
                }
            }
        }
        return total;
    }

    private static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalStateException("no " + name + " in " + json);
    }

    private static double percentile(List<Sample> samples, java.util.function.ToLongFunction<Sample> of, int p) {
        List<Long> sorted = new ArrayList<>(samples.stream().map(of::applyAsLong).toList());
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
