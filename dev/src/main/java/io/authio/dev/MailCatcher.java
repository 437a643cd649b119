package io.authio.dev;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The SMTP catcher of the dev setup: GreenMail accepts every message on the SMTP port (loopback only), and a
 * small HTTP server shows them: {@code /} for people, {@code /api/messages} (JSON, newest first) for scripts.
 */
final class MailCatcher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GreenMail smtp;
    private final HttpServer web;

    private MailCatcher(GreenMail smtp, HttpServer web) {
        this.smtp = smtp;
        this.web = web;
    }

    static MailCatcher start(int smtpPort, int webPort) throws IOException {
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", webPort), 0);
        MailCatcher catcher = new MailCatcher(smtp, web);
        web.createContext("/api/messages", catcher::api);
        web.createContext("/", catcher::page);
        web.start();
        return catcher;
    }

    private ArrayNode messages() {
        ArrayNode list = JSON.createArrayNode();
        MimeMessage[] received = smtp.getReceivedMessages();
        for (int i = received.length - 1; i >= 0; i--) {
            MimeMessage m = received[i];
            ObjectNode node = list.addObject();
            try {
                node.put("id", i + 1);
                node.put("from", addresses(m.getFrom()));
                node.put("to", addresses(m.getAllRecipients()));
                node.put("subject", m.getSubject());
                node.put("received_at", m.getSentDate() == null ? null : m.getSentDate().toInstant().toString());
                node.put("text", text(m));
                node.put("html", html(m));
            } catch (MessagingException | IOException e) {
                node.put("error", e.getMessage());
            }
        }
        return list;
    }

    private void api(HttpExchange exchange) throws IOException {
        if ("DELETE".equals(exchange.getRequestMethod())) {
            try {
                smtp.purgeEmailFromAllMailboxes();
            } catch (Exception e) {
                respond(exchange, 500, "application/json", JSON.writeValueAsBytes(java.util.Map.of("error", "purge_failed")));
                return;
            }
            respond(exchange, 204, "application/json", new byte[0]);
            return;
        }
        respond(exchange, 200, "application/json", JSON.writeValueAsBytes(messages()));
    }

    private void page(HttpExchange exchange) throws IOException {
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Authio dev mail</title>"
                + "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}article{border:1px solid #ccc;"
                + "padding:1rem;margin:1rem 0}pre{white-space:pre-wrap}</style><h1>Mail caught by the dev SMTP server</h1>"
                + "<p>JSON: <a href=/api/messages>/api/messages</a></p>");
        for (var m : messages()) {
            html.append("<article><b>").append(escape(m.path("subject").asText())).append("</b><br>to ")
                    .append(escape(m.path("to").asText())).append(" · ").append(escape(m.path("received_at").asText()))
                    .append("<pre>").append(escape(m.path("text").asText())).append("</pre></article>");
        }
        respond(exchange, 200, "text/html; charset=utf-8", html.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String addresses(Address[] addresses) {
        return addresses == null ? "" : Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
    }

    private static String text(Part part) throws MessagingException, IOException {
        return find(part, "text/plain");
    }

    private static String html(Part part) throws MessagingException, IOException {
        return find(part, "text/html");
    }

    private static String find(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type)) {
            return String.valueOf(part.getContent());
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = find(child, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        web.stop(0);
        smtp.stop();
    }
}
