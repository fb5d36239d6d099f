/**
 * Runnable examples, one class per concept; each runs with
 * {@code bin/vertx run <class> -cluster} and is listed in
 * {@code examples/README.md}.
 */
package dev.switchboard.examples;
