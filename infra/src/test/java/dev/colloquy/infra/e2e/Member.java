package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A fresh member of acme, made by its tenant admin, so that no test shares quotas or signals with another. */
record Member(String id, String username, String token, Conversations conversations) {

    /** With {@code quotas} (e.g. {@code messagesPerDay}) overriding the plan's, when not empty. */
    static Member ofAcme(Api api, Map<String, Object> quotas) {
        String admin = api.login("ada@acme.test");
        String username = "member-" + UUID.randomUUID() + "@acme.test";
        Api.Response created = api.post("/api/v1/admin/users", admin, Map.of("username", username,
                "password", Api.DEMO_PASSWORD, "roles", List.of("member")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.body().path("userId").asText();
        if (!quotas.isEmpty()) {
            Api.Response set = api.put("/api/v1/admin/users/" + id + "/quotas", admin, quotas);
            assertThat(set.status()).as(set.toString()).isEqualTo(200);
        }
        String token = api.login(username);
        return new Member(id, username, token, new Conversations(api, token));
    }
}
