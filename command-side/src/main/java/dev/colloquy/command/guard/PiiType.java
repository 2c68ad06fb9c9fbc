package dev.colloquy.command.guard;

/** A kind of personal or secret value that a tenant can have redacted from replies. */
public enum PiiType {
    EMAIL("email"),
    PHONE("phone"),
    PAYMENT_CARD("payment_card"),
    IBAN("iban"),
    API_KEY("api_key");

    private final String wireName;
    private final String marker;

    PiiType(String wireName) {
        this.wireName = wireName;
        this.marker = "[REDACTED:" + name() + "]";
    }

    /** The name in events and tenant configuration, kept apart from the constant so a rename cannot break them. */
    public String wireName() {
        return wireName;
    }

    /** What clients and the stored reply see in place of a value. */
    public String marker() {
        return marker;
    }

    public static PiiType fromName(String wireName) {
        for (PiiType type : values()) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown PII type: " + wireName);
    }
}
