package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A fresh member made by a tenant admin, so that no test shares quotas or signals with another. */
record Member(String id, String username, String token, Conversations conversations) {

    /** A member of acme, with {@code quotas} (e.g. {@code messagesPerDay}) overriding the plan's when not empty. */
    static Member ofAcme(Api api, Map<String, Object> quotas) {
        String admin = api.login("ada@acme.test");
        Member member = of(api, admin, "acme");
        if (!quotas.isEmpty()) {
            Api.Response set = api.put("/api/v1/admin/users/" + member.id() + "/quotas", admin, quotas);
            assertThat(set.status()).as(set.toString()).isEqualTo(200);
        }
        return member;
    }

    /** A member made by the admin whose token is given, in that admin's tenant (named in the username). */
    static Member of(Api api, String adminToken, String tenant) {
        String username = "member-" + UUID.randomUUID() + "@" + tenant + ".test";
        Api.Response created = api.post("/api/v1/admin/users", adminToken, Map.of("username", username,
                "password", Api.DEMO_PASSWORD, "roles", List.of("member")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String token = api.login(username);
        return new Member(created.body().path("userId").asText(), username, token, new Conversations(api, token));
    }
}
