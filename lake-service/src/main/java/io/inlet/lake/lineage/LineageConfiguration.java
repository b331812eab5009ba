package io.inlet.lake.lineage;

import io.inlet.binder.NatsMessageChannelBinder;
import io.inlet.lake.read.LakeFileReader;
import io.inlet.lake.replay.ReplayStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.MessageChannel;

@Configuration(proxyBeanMethods = false)
class LineageConfiguration {

    @Bean
    LakeLineage lakeLineage(JdbcTemplate jdbc, LakeFileReader reader, ReplayStore replays,
                            LineageProperties properties) {
        return new LakeLineage(jdbc, reader, replays, properties.maxFiles());
    }

    /** Reads the raw stream on the binder's own connection (its credentials, its reconnects). */
    @Bean
    RequestEvents requestEvents(ObjectProvider<BinderFactory> binders, LineageProperties properties) {
        return new RequestEvents(() -> ((NatsMessageChannelBinder) binders.getObject()
                .getBinder(null, MessageChannel.class)).connectionProvider().get(), properties.rawStream(),
                properties.maxRawMessages());
    }

    @Bean
    LineageService lineageService(LakeLineage lakes, RequestEvents requests, LineageProperties properties) {
        return new LineageService(lakes, requests, properties);
    }
}
