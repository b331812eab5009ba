package io.inlet.lake.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    @Bean
    LakeQueries lakeQueries(JdbcTemplate jdbc) {
        return new LakeQueries(jdbc);
    }
}
