package io.inlet.lake;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LakeApplication {

    public static void main(String[] args) {
        SpringApplication.run(LakeApplication.class, args);
    }
}
