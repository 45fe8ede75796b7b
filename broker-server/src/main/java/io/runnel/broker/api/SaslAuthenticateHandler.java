package io.runnel.broker.api;

import io.runnel.broker.logging.RateLimitedLogger;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.security.AuthenticationFailedException;
import io.runnel.broker.security.BrokerSecurity;
import io.runnel.broker.security.ConnectionSession;
import io.runnel.broker.security.SaslExchange;
import io.runnel.broker.security.UserPrincipal;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.SaslAuthenticateRequest;
import io.runnel.protocol.message.SaslAuthenticateResponse;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * SaslAuthenticate v0-2: one SASL token of the exchange the handshake started, answered with the server's token.
 * When the exchange completes the connection acts for the user ({@code User:<name>}) and, from v1, is told how long
 * its session lasts ({@code connections.max.reauth.ms}, KIP-368). A failure is answered with
 * SASL_AUTHENTICATION_FAILED after {@code connection.failed.authentication.delay.ms} and the connection closed; it
 * is logged at WARN (rate-limited) with the client's address. PLAIN's password hashing runs on the security thread.
 */
public final class SaslAuthenticateHandler implements ApiHandler {
    private static final RateLimitedLogger FAILURES = new RateLimitedLogger(
            LoggerFactory.getLogger(SaslAuthenticateHandler.class), 10_000);

    private final BrokerContext broker;

    public SaslAuthenticateHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        byte[] token = ((SaslAuthenticateRequest) body).authBytes();
        BrokerSecurity security = broker.security();
        ConnectionSession session = context.session();
        SaslExchange exchange = session.exchange();
        if (exchange == null) {
            return CompletableFuture.completedFuture(Response.thenClose(new SaslAuthenticateResponse()
                    .errorCode(ErrorCode.ILLEGAL_SASL_STATE.code()).authBytes(new byte[0])
                    .errorMessage("SaslAuthenticate before a SaslHandshake")));
        }
        if (!exchange.isCostly()) {
            return evaluate(context, security, session, exchange, token);
        }
        return security.submit(() -> evaluate(context, security, session, exchange, token))
                .thenCompose(stage -> stage);
    }

    private static CompletionStage<Response> evaluate(RequestContext context, BrokerSecurity security,
                                                      ConnectionSession session, SaslExchange exchange,
                                                      byte[] token) {
        byte[] answer;
        try {
            answer = exchange.evaluate(token);
        } catch (AuthenticationFailedException e) {
            return failed(context, security, session, e.getMessage());
        }
        SaslAuthenticateResponse response = new SaslAuthenticateResponse().authBytes(answer);
        if (exchange.isComplete()) {
            long lifetime = security.reauthMillis();
            long now = System.currentTimeMillis();
            UserPrincipal user = UserPrincipal.user(exchange.userName());
            if (!session.authenticated(user, lifetime == 0 ? 0 : now + lifetime)) {
                return failed(context, security, session, "Cannot change principals during re-authentication");
            }
            response.sessionLifetimeMs(lifetime);
        }
        return CompletableFuture.completedFuture(Response.of(response));
    }

    private static CompletionStage<Response> failed(RequestContext context, BrokerSecurity security,
                                                     ConnectionSession session, String message) {
        FAILURES.warn("Failed " + session.mechanism() + " authentication from " + context.clientAddress()
                + " on listener " + session.listenerName() + ": " + message);
        Response response = Response.thenClose(new SaslAuthenticateResponse()
                .errorCode(ErrorCode.SASL_AUTHENTICATION_FAILED.code()).errorMessage(message).authBytes(new byte[0]));
        if (security.failureDelayMillis() == 0) {
            return CompletableFuture.completedFuture(response);
        }
        return CompletableFuture.supplyAsync(() -> response,
                CompletableFuture.delayedExecutor(security.failureDelayMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new SaslAuthenticateResponse().errorCode(error.code()).authBytes(new byte[0]);
    }
}
