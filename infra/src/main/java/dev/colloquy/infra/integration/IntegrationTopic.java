package dev.colloquy.infra.integration;

/** The streams integration events are published on; each is named by configuration. */
public enum IntegrationTopic {
    USAGE, QUOTA, CONVERSATION
}
