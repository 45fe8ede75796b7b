package io.runnel.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.RequestHeader;
import io.runnel.protocol.message.ResponseHeader;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One blocking connection to a Kafka-protocol broker that sends a request and waits for its response.
 *
 * <p>Meant for tools and tests that issue a few administrative requests; it is not thread-safe and keeps one
 * request in flight at a time.
 */
public final class BrokerConnection implements Closeable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String clientId;
    private int nextCorrelationId;

    private BrokerConnection(Socket socket, String clientId) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.clientId = clientId;
    }

    /**
     * Connects to {@code host:port}.
     *
     * @param timeoutMs bound on connecting and on waiting for each response
     */
    public static BrokerConnection open(String host, int port, String clientId, int timeoutMs) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            socket.setTcpNoDelay(true);
            return new BrokerConnection(socket, clientId);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends {@code request} at {@code version} and returns the decoded response body.
     *
     * @throws IOException when the connection fails or the response does not match the request
     */
    public ApiMessage send(ApiMessage request, short version) throws IOException {
        ApiKey api = ApiKey.forId(request.apiKey());
        if (api == null) {
            throw new IllegalArgumentException("unknown API key " + request.apiKey());
        }
        int correlationId = nextCorrelationId++;
        ByteBuf frame = ByteBufAllocator.DEFAULT.heapBuffer();
        try {
            frame.writeInt(0);
            new RequestHeader().requestApiKey(api.id()).requestApiVersion(version).correlationId(correlationId)
                    .clientId(clientId).write(frame, api.requestHeaderVersion(version));
            request.write(frame, version);
            frame.setInt(0, frame.readableBytes() - 4);
            frame.readBytes(out, frame.readableBytes());
            out.flush();
        } finally {
            frame.release();
        }
        int size = in.readInt();
        if (size < 0) {
            throw new IOException("broker sent a response frame of negative size " + size);
        }
        byte[] body = new byte[size];
        in.readFully(body);
        ByteBuf response = Unpooled.wrappedBuffer(body);
        try {
            ResponseHeader header = ResponseHeader.read(response, api.responseHeaderVersion(version));
            if (header.correlationId() != correlationId) {
                throw new IOException("response correlation id " + header.correlationId() + " does not match request "
                        + correlationId);
            }
            return api.readResponse(response, version);
        } catch (MalformedMessageException e) {
            throw new IOException("undecodable " + api.apiName() + " v" + version + " response: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
