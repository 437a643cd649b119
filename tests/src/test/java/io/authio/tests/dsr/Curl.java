package io.authio.tests.dsr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.authio.tests.support.Json;

/**
 * Runs the real curl binary with the arguments of a documented command, adding only output options
 * ({@code -sS -w}) to read the status code: what the documentation shows is what the test sends.
 */
final class Curl {

    record Result(int status, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    private static final String MARK = "\n--status:";

    private Curl() {
    }

    static boolean available() {
        return new java.io.File("/usr/bin/curl").canExecute();
    }

    static Result run(String... documentedArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("curl");
        cmd.add("-sS");
        cmd.add("-w");
        cmd.add(MARK + "%{http_code}");
        cmd.addAll(List.of(documentedArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("curl did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        int at = text.lastIndexOf(MARK);
        if (at < 0) {
            throw new AssertionError("curl failed: " + text);
        }
        return new Result(Integer.parseInt(text.substring(at + MARK.length()).trim()), text.substring(0, at));
    }
}
