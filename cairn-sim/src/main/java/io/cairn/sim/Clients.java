package io.cairn.sim;

/** A run's simulated clients: they work from {@link #start} until {@link #stop}. */
interface Clients {

    void start();

    void stop();
}
