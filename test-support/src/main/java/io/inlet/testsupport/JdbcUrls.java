package io.inlet.testsupport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small edits of PostgreSQL JDBC URLs. */
final class JdbcUrls {

    private JdbcUrls() {
    }

    /** {@code url} with its {@code currentSchema} parameter set to {@code schema}, replacing any earlier one. */
    static String withCurrentSchema(String url, String schema) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        List<String> parameters = new ArrayList<>();
        if (query >= 0) {
            for (String parameter : url.substring(query + 1).split("&")) {
                if (!parameter.isEmpty() && !parameter.startsWith("currentSchema=")) {
                    parameters.add(parameter);
                }
            }
        }
        parameters.add("currentSchema=" + URLEncoder.encode(schema, StandardCharsets.UTF_8));
        return base + "?" + String.join("&", parameters);
    }
}
