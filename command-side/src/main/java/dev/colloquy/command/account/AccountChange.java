package dev.colloquy.command.account;

/**
 * What a change announcement names: {@code user:<id>}, {@code tenant:<id>}, {@code session:<id>} or
 * {@code key:<id>}. Whoever caches account data drops what the named thing affects.
 */
record AccountChange(String kind, String id) {
    static String user(String userId) {
        return "user:" + userId;
    }

    static String tenant(String tenantId) {
        return "tenant:" + tenantId;
    }

    static String session(String sessionId) {
        return "session:" + sessionId;
    }

    static String apiKey(String keyId) {
        return "key:" + keyId;
    }

    static AccountChange parse(String announcement) {
        int colon = announcement.indexOf(':');
        return colon < 0 ? new AccountChange("", announcement)
                : new AccountChange(announcement.substring(0, colon), announcement.substring(colon + 1));
    }
}
