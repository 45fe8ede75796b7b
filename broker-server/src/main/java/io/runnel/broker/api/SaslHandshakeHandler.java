package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.security.BrokerSecurity;
import io.runnel.broker.security.ConnectionSession;
import io.runnel.broker.security.SaslExchange;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.SaslHandshakeRequest;
import io.runnel.protocol.message.SaslHandshakeResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * SaslHandshake v1: the client names the SASL mechanism it will authenticate with; the tokens follow in
 * SaslAuthenticate. Answers the mechanisms on offer with every reply. On a listener without SASL the answer is
 * ILLEGAL_SASL_STATE, as Kafka's; a mechanism not on offer is UNSUPPORTED_SASL_MECHANISM and the connection is
 * closed. Also the start of a re-authentication (KIP-368) on an authenticated SASL connection.
 *
 * <p>v0, where the tokens follow as raw frames outside Kafka's request format, is answered with
 * UNSUPPORTED_VERSION and the connection closed: every client since Kafka 1.0 uses v1.
 */
public final class SaslHandshakeHandler implements ApiHandler {
    private final BrokerContext broker;

    public SaslHandshakeHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        SaslHandshakeRequest request = (SaslHandshakeRequest) body;
        BrokerSecurity security = broker.security();
        ConnectionSession session = context.session();
        SaslHandshakeResponse response = new SaslHandshakeResponse().mechanisms(security.mechanisms());
        if (!session.protocol().usesSasl() || session.exchange() != null) {
            return done(Response.thenClose(response.errorCode(ErrorCode.ILLEGAL_SASL_STATE.code())));
        }
        if (context.apiVersion() < 1) {
            return done(Response.thenClose(response.errorCode(ErrorCode.UNSUPPORTED_VERSION.code())));
        }
        SaslExchange exchange = security.newExchange(request.mechanism());
        if (exchange == null) {
            return done(Response.thenClose(response.errorCode(ErrorCode.UNSUPPORTED_SASL_MECHANISM.code())));
        }
        session.beginSasl(request.mechanism(), exchange);
        return done(Response.of(response));
    }

    private static CompletionStage<Response> done(Response response) {
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new SaslHandshakeResponse().errorCode(error.code());
    }
}
