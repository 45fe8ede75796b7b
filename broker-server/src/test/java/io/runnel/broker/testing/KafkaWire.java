package io.runnel.broker.testing;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Requests encoded and responses decoded by kafka-clients (the oracle) over one {@link RawConnection}: a test sends a
 * request at exactly the version a client would and reads the answer as that client would.
 */
public final class KafkaWire implements AutoCloseable {
    private final RawConnection connection;
    private int correlationId;

    private KafkaWire(RawConnection connection) {
        this.connection = connection;
    }

    public static KafkaWire connect(String host, int port) throws IOException {
        return new KafkaWire(new RawConnection(host, port));
    }

    /** Sends {@code request} (at the version it was built for) and returns the decoded response. */
    @SuppressWarnings("unchecked")
    public <R extends AbstractResponse> R send(AbstractRequest request) throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "raw-test", ++correlationId);
        ByteBuffer frame = request.serializeWithHeader(header);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        connection.write(RawConnection.withSize(bytes));
        ByteBuffer payload = connection.readFrame();
        R response = (R) AbstractResponse.parseResponse(payload, header);
        if (payload.hasRemaining()) {
            throw new AssertionError(payload.remaining() + " bytes left after the " + request.apiKey() + " v"
                    + request.version() + " response");
        }
        return response;
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
