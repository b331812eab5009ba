package io.inlet.bench.trivial;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The web-stack reference: Spring Boot 4 webmvc (Tomcat, Jackson 3) like the gateway, the same URL and body, but
 * it only parses the JSON array to a tree and answers 202 with the count — no auth lookup, no NATS.
 */
@SpringBootApplication
public class TrivialEndpointApp {

    public static void main(String[] args) {
        SpringApplication.run(TrivialEndpointApp.class, args);
    }

    @RestController
    static class TrivialController {

        record Accepted(int accepted) {
        }

        @org.springframework.web.bind.annotation.GetMapping("/ready")
        String ready() {
            return "ok";
        }

        @PostMapping("/v1/events/{type}")
        ResponseEntity<Accepted> ingest(@PathVariable String type,
                                        @RequestHeader(value = "Authorization", required = false) String auth,
                                        @RequestBody JsonNode body) {
            if (auth == null || auth.isBlank()) {
                return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
            }
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(body.isArray() ? body.size() : 1));
        }
    }
}
