package org.geosync.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty itself raises (an ambiguous path, an oversized body, a malformed request, a stopping service) in the API's
 * one-sentence JSON form, never an HTML page and never Jetty's own text, which may quote the request.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final long maxBodyBytes;

    JsonErrorHandler(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        setShowStacks(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        byte[] body = Json.error(code, sentence(code)).getBytes(StandardCharsets.UTF_8);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    private String sentence(int code) {
        return switch (code) {
            case 400 -> "The request is malformed (an ambiguous or invalid path, header or body) and was refused.";
            case 401 -> "This request needs a valid token in 'Authorization: Bearer TOKEN'.";
            case 404 -> "There is nothing at this path; the API is under /api/v1.";
            case 405 -> "This method is not allowed here.";
            case 413 -> "The request body is larger than this service accepts (" + maxBodyBytes + " bytes).";
            case 414, 431 -> "The request line or its headers are too long.";
            case 503 -> "The service is stopping or busy; try again later.";
            default -> code >= 500 ? "The service failed on this request; nothing was changed."
                    : "The request was refused (HTTP " + code + ").";
        };
    }
}
