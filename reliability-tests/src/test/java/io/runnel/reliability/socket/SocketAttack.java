package io.runnel.reliability.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * One kind of bad client behaviour on one TCP connection to the broker. {@link #run} opens the connection, behaves
 * badly, reads whatever the broker answers until it closes the connection or a short pause passes, and closes.
 * The attacker only paces itself (slow-loris writes); it never waits for the broker beyond its read timeout.
 */
enum SocketAttack {
    /** Bytes with no framing at all. */
    RANDOM_BYTES,
    /** A well-framed payload of random bytes. */
    RANDOM_FRAME,
    /** A real request, damaged; the size prefix mostly matches the damaged payload, sometimes the original. */
    MUTATED,
    /** A real Produce request whose record batch is damaged behind a recomputed CRC. */
    RECORDS_BEHIND_CRC,
    /** A real request cut short, then the client half-closes. */
    TRUNCATED,
    /** A size prefix beyond socket.request.max.bytes (or negative), with some bytes after it. */
    OVERSIZED,
    /** A real request written a few bytes at a time. */
    SLOW_LORIS,
    /** A real request, then the client shuts its sending side and reads. */
    HALF_CLOSED,
    /** Several requests in one write: real, damaged and real again. */
    PIPELINED;

    private static final int READ_TIMEOUT_MILLIS = 50;
    private static final int SLOW_LORIS_CHUNKS = 40;

    /** Runs this attack against 127.0.0.1:{@code port}; returns the bytes the broker answered with. */
    long run(int port, int maxFrame, List<byte[]> realFrames, Random random) {
        byte[] real = realFrames.get(random.nextInt(realFrames.size()));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            switch (this) {
                case RANDOM_BYTES -> out.write(randomBytes(random, random.nextInt(200)));
                case RANDOM_FRAME -> out.write(sized(randomBytes(random, random.nextInt(300))));
                case MUTATED -> {
                    byte[] damaged = FrameMutator.damage(real, random);
                    out.write(random.nextInt(10) == 0 ? sized(damaged, real.length) : sized(damaged));
                }
                case RECORDS_BEHIND_CRC -> {
                    byte[] damaged = FrameMutator.damageRecords(real, random);
                    out.write(sized(damaged != null ? damaged : FrameMutator.damage(real, random)));
                }
                case TRUNCATED -> {
                    byte[] whole = sized(real);
                    out.write(Arrays.copyOf(whole, random.nextInt(whole.length)));
                    socket.shutdownOutput();
                }
                case OVERSIZED -> {
                    int size = switch (random.nextInt(4)) {
                        case 0 -> maxFrame + 1;
                        case 1 -> Integer.MAX_VALUE;
                        case 2 -> -1 - random.nextInt(Integer.MAX_VALUE);
                        default -> maxFrame + 1 + random.nextInt(Integer.MAX_VALUE - maxFrame - 1);
                    };
                    out.write(ByteBuffer.allocate(4).putInt(size).array());
                    out.write(randomBytes(random, random.nextInt(4096)));
                }
                case SLOW_LORIS -> slowly(out, sized(real), random);
                case HALF_CLOSED -> {
                    out.write(sized(real));
                    socket.shutdownOutput();
                }
                case PIPELINED -> {
                    out.write(sized(real));
                    out.write(sized(FrameMutator.damage(realFrames.get(random.nextInt(realFrames.size())), random)));
                    out.write(sized(realFrames.get(random.nextInt(realFrames.size()))));
                }
            }
            out.flush();
            return drain(socket.getInputStream());
        } catch (IOException e) {
            // The broker closed or reset the connection on us: an allowed answer to bad input.
            return 0;
        }
    }

    private static void slowly(OutputStream out, byte[] frame, Random random) throws IOException {
        int chunk = Math.max(1, frame.length / SLOW_LORIS_CHUNKS);
        for (int at = 0; at < frame.length; at += chunk) {
            out.write(frame, at, Math.min(chunk, frame.length - at));
            out.flush();
            // Pacing the attacker itself, not waiting for a condition.
            LockSupport.parkNanos(200_000L + random.nextInt(800_000));
        }
    }

    /** Reads until the broker closes the connection or goes quiet for the read timeout. */
    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
        } catch (SocketTimeoutException quiet) {
            // Nothing more for now; the connection is closed by the caller.
        }
        return total;
    }

    static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] sized(byte[] payload) {
        return sized(payload, payload.length);
    }

    private static byte[] sized(byte[] payload, int size) {
        return ByteBuffer.allocate(4 + payload.length).putInt(size).put(payload).array();
    }
}
