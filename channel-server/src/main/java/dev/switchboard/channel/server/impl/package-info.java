/**
 * Implementation of the channel server: the listener, one {@link
 * dev.switchboard.channel.server.impl.ServerConnection} per client, request checks and counters.
 */
package dev.switchboard.channel.server.impl;
