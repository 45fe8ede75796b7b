package io.runnel.broker.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 that relays Kafka frames between clients and a broker, and once, when armed, drops a
 * connection at the worst moment for a producer: after the broker received a Produce request and answered it, but
 * before the answer reaches the client. The client then cannot know whether its batch was written and retries.
 * Asked to ({@link #recordRequests()}), it also keeps a copy of every request frame it relays (without the size
 * prefix), for tests that replay or mutate real client traffic.
 */
public final class DroppingProxy implements AutoCloseable {
    private static final short PRODUCE = 0;

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicInteger producesRelayed = new AtomicInteger();
    private final AtomicInteger connectionsDropped = new AtomicInteger();
    private final Queue<byte[]> requests = new ConcurrentLinkedQueue<>();
    private volatile boolean recording;
    private volatile int targetPort;
    private volatile boolean closed;

    public DroppingProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        start("proxy-accept", this::acceptLoop);
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** Where connections are relayed; set before the first client connects. */
    public void target(int port) {
        this.targetPort = port;
    }

    /** Drops the connection carrying the next Produce request, just before its response would be relayed. */
    public void dropNextProduceResponse() {
        armed.set(true);
    }

    /** Produce requests relayed to the broker so far. */
    public int producesRelayed() {
        return producesRelayed.get();
    }

    public int connectionsDropped() {
        return connectionsDropped.get();
    }

    /** Closes every connection relayed so far, both sides: a network blip for every client at once. */
    public void cutConnections() {
        List<Socket> now = new ArrayList<>(sockets);
        for (Socket s : now) {
            closeQuietly(s);
        }
        sockets.removeAll(now);
    }

    /** From now on, keeps a copy of every request frame relayed (see {@link #requests()}). */
    public void recordRequests() {
        recording = true;
    }

    /** Every request frame relayed while recording (size prefix left out), in the order they arrived. */
    public List<byte[]> requests() {
        return new ArrayList<>(requests);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket broker;
                try {
                    broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException brokerDown) {
                    // The broker is down (restarting): the client sees its connection closed, as it would.
                    closeQuietly(client);
                    continue;
                }
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(broker);
                Connection connection = new Connection(client, broker);
                start("proxy-to-broker", connection::requests);
                start("proxy-to-client", connection::responses);
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("the proxy stopped accepting", e);
                }
                return;
            }
        }
    }

    private final class Connection {
        private final Socket client;
        private final Socket broker;
        /** Correlation id of the Produce whose response is to be dropped, or null. */
        private volatile Integer dropCorrelationId;

        Connection(Socket client, Socket broker) {
            this.client = client;
            this.broker = broker;
        }

        void requests() {
            try {
                DataInputStream in = new DataInputStream(client.getInputStream());
                DataOutputStream out = new DataOutputStream(broker.getOutputStream());
                for (;;) {
                    byte[] frame = readFrame(in);
                    short apiKey = (short) (((frame[0] & 0xff) << 8) | (frame[1] & 0xff));
                    if (apiKey == PRODUCE) {
                        if (dropCorrelationId == null && armed.compareAndSet(true, false)) {
                            dropCorrelationId = intAt(frame, 4);
                        }
                        producesRelayed.incrementAndGet();
                    }
                    if (recording) {
                        requests.add(frame);
                    }
                    out.writeInt(frame.length);
                    out.write(frame);
                    out.flush();
                }
            } catch (IOException e) {
                closeBoth();
            }
        }

        void responses() {
            try {
                DataInputStream in = new DataInputStream(broker.getInputStream());
                DataOutputStream out = new DataOutputStream(client.getOutputStream());
                for (;;) {
                    byte[] frame = readFrame(in);
                    Integer drop = dropCorrelationId;
                    if (drop != null && intAt(frame, 0) == drop) {
                        connectionsDropped.incrementAndGet();
                        closeBoth();
                        return;
                    }
                    out.writeInt(frame.length);
                    out.write(frame);
                    out.flush();
                }
            } catch (IOException e) {
                closeBoth();
            }
        }

        private void closeBoth() {
            closeQuietly(client);
            closeQuietly(broker);
        }
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int size = in.readInt();
        byte[] frame = new byte[size];
        in.readFully(frame);
        return frame;
    }

    private static int intAt(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Closing a socket the other side already closed: nothing left to release.
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        List<Thread> all = new ArrayList<>(threads);
        for (Thread t : all) {
            t.join(5_000);
            if (t.isAlive()) {
                throw new IllegalStateException("proxy thread " + t.getName() + " did not stop");
            }
        }
    }
}
