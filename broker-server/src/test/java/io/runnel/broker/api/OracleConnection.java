package io.runnel.broker.api;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.testing.RawConnection;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * A socket to a broker that sends requests serialised by kafka-clients at the exact version a test picks (as
 * librdkafka and kafkajs send non-flexible versions) and parses the answers with kafka-clients too.
 */
final class OracleConnection implements AutoCloseable {
    private final RawConnection raw;
    private int correlationId;

    OracleConnection(EmbeddedBroker broker) {
        try {
            raw = new RawConnection("127.0.0.1", broker.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code request} (built at its version) and returns the parsed response. */
    @SuppressWarnings("unchecked")
    <R extends AbstractResponse> R send(AbstractRequest request) {
        int id = ++correlationId;
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "raw-test", id);
        try {
            raw.write(RawConnection.frame(request, id));
            ByteBuffer payload = raw.readFrame();
            R response = (R) AbstractResponse.parseResponse(payload, header);
            if (payload.hasRemaining()) {
                throw new AssertionError(payload.remaining() + " bytes left after the " + request.apiKey() + " v"
                        + request.version() + " response");
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request written by hand (header and body, without the size) and parses the answer as {@code header}'s. */
    AbstractResponse sendRaw(byte[] headerAndBody, RequestHeader header) {
        try {
            raw.write(RawConnection.withSize(headerAndBody));
            return AbstractResponse.parseResponse(raw.readFrame(), header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
