package dev.colloquy.infra.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's frame: what Colloquy is and how a client authenticates. */
@Configuration
public class ApiDocumentation {
    private static final String BEARER = "bearer";

    @Bean
    public OpenAPI colloquyApi() {
        return new OpenAPI()
                .info(new Info().title("Colloquy API").version("v1")
                        .description("Event-sourced LLM conversations. Authenticate with an access token from "
                                + "POST /api/v1/auth/token or with an API key (ck_…)."))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT or ck_ API key")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
