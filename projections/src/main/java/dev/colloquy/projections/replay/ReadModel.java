package dev.colloquy.projections.replay;

/**
 * A projection that may be rebuilt from the event store on request: its processing group resets its tables in
 * a {@code @ResetHandler}. Sagas and publishers are deliberately not read models: replaying them would call the
 * language model or publish to Kafka again.
 */
public interface ReadModel {
    String processingGroup();
}
