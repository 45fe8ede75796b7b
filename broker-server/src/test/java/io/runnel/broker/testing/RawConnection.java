package io.runnel.broker.testing;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * A plain blocking socket speaking Kafka framing, for tests that need exact control over the bytes: requests are
 * serialised by kafka-clients (the oracle) or written by hand, and responses are read frame by frame.
 */
public final class RawConnection implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawConnection(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** A Kafka request frame (size prefix included) serialised by kafka-clients. */
    public static byte[] frame(AbstractRequest request, int correlationId) {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "raw-test", correlationId);
        return withSize(toArray(request.serializeWithHeader(header)));
    }

    /** An ApiVersions request frame at {@code version}, serialised by kafka-clients. */
    public static byte[] apiVersionsFrame(short version, int correlationId) {
        ApiVersionsRequestData data = new ApiVersionsRequestData()
                .setClientSoftwareName("runnel-test").setClientSoftwareVersion("1.0");
        return frame(new ApiVersionsRequest(data, version), correlationId);
    }

    /** Prefixes {@code payload} with its 4-byte size. */
    public static byte[] withSize(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    /** Concatenates frames so that they can be written in one go. */
    public static byte[] concat(byte[]... frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            all.writeBytes(frame);
        }
        return all.toByteArray();
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one response frame and returns its payload (header and body). */
    public ByteBuffer readFrame() throws IOException {
        int size = in.readInt();
        byte[] payload = new byte[size];
        in.readFully(payload);
        return ByteBuffer.wrap(payload);
    }

    /** Reads one ApiVersions response (header v0) at {@code version} and checks its correlation id. */
    public ApiVersionsResponse readApiVersions(short version, int expectedCorrelationId) throws IOException {
        ByteBuffer payload = readFrame();
        int correlationId = ResponseHeader.parse(payload, ApiKeys.API_VERSIONS.responseHeaderVersion(version))
                .correlationId();
        if (correlationId != expectedCorrelationId) {
            throw new AssertionError("expected correlation id " + expectedCorrelationId + " but got " + correlationId);
        }
        ApiVersionsResponse response = ApiVersionsResponse.parse(new ByteBufferAccessor(payload), version);
        if (payload.hasRemaining()) {
            throw new AssertionError(payload.remaining() + " bytes left after the ApiVersions v" + version + " body");
        }
        return response;
    }

    /**
     * True when the broker closes the connection (end of stream or reset) within the read timeout without
     * sending anything; false when it sends bytes.
     *
     * @throws SocketTimeoutException when the connection stays open and silent
     */
    public boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    /** Sets how long reads wait. */
    public void readTimeout(int millis) throws SocketException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
