package io.timeshard.cli;

import io.timeshard.home.HomeEndpoint;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reads a home database given as a pgjdbc URL: jdbc:postgresql://host[:port]/database[?user=..&password=..]. */
final class JdbcUrls {
    private JdbcUrls() {}

    static HomeEndpoint parse(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        return new HomeEndpoint(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database,
                query.getOrDefault("user", "postgres"), Optional.ofNullable(query.get("password")));
    }
}
