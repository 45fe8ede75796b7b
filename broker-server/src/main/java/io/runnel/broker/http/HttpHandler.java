package io.runnel.broker.http;

import java.util.concurrent.CompletionStage;

/**
 * Answers the requests of one route. Called on the connection's network thread: a handler that reads files,
 * scans logs or waits on another component hands the work to an agent ({@link HttpWorkers}) and returns at once.
 * A stage that fails with {@link BadRequestException}, {@link NotFoundException} or {@link ConflictException}
 * is answered 400, 404 or 409 with its message; any other failure 500.
 */
@FunctionalInterface
interface HttpHandler {
    CompletionStage<HttpReply> handle(HttpCall call) throws Exception;
}
