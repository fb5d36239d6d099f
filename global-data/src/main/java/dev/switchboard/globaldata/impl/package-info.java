/**
 * Implementation of GlobalData on Hazelcast: values as JSON text, entry processors for the
 * read-modify-write operations. Not an API: may change in any release.
 */
package dev.switchboard.globaldata.impl;
