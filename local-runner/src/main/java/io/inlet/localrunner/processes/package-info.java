/**
 * Whole-suite launchers that run each service as a JVM process of its own from its runnable jar (the benchmark and
 * the fault run): processes that can be killed, paused and restarted on the same port, the stack of five services
 * with per-service settings, a fresh PostgreSQL database, schema registration.
 */
package io.inlet.localrunner.processes;
