package dev.colloquy.infra;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The one bootable application: it assembles the command side, the projections and the query side. */
@SpringBootApplication(scanBasePackages = "dev.colloquy")
@ConfigurationPropertiesScan("dev.colloquy.infra")
public class ColloquyApplication {

    public static void main(String[] args) {
        // A self-hosted platform must not call home: Axon's update checker stays off.
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(ColloquyApplication.class, args);
    }
}
