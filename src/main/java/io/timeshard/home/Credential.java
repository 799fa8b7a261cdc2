package io.timeshard.home;

/**
 * What a client's authentication left the access node to log in to the home database as the same
 * role: the password itself (password method), SCRAM's keys (a SCRAM proof yields the client key;
 * the server key is stored), or the stored MD5 hash (which is what an md5 login proves). A trusted
 * client leaves none.
 */
public sealed interface Credential {
    record Password(String password) implements Credential {}

    record ScramKeys(byte[] clientKey, byte[] serverKey) implements Credential {}

    record Md5Hash(String hash) implements Credential {}

    record None() implements Credential {}

    Credential NONE = new None();
}
