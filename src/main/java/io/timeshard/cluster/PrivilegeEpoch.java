package io.timeshard.cluster;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the changes to the home database that may have taken privileges away from a role: DDL
 * (GRANT, REVOKE, owners, row security; an event trigger tells) and changes of roles and their
 * memberships (polled). A privilege check a session passed stands while the epoch it passed in
 * lasts. Disabled (every check goes home) when the home role cannot install the event trigger.
 */
public final class PrivilegeEpoch {
    private final AtomicLong epoch = new AtomicLong();
    private volatile boolean enabled;
    private volatile boolean listening;

    /** The current epoch; -1 while checks must not be remembered (no event trigger, or no one listening to it). */
    public long current() {
        return enabled && listening ? epoch.get() : -1;
    }

    /** {@code notified}: the event trigger is installed. */
    public void enable(boolean notified) {
        enabled = notified;
        advance();
    }

    /** Whether the access node hears the event trigger's notices now; either way the epoch moves on. */
    public void listening(boolean now) {
        listening = now;
        advance();
    }

    /** A change that may have taken privileges away. */
    public void advance() {
        epoch.incrementAndGet();
    }
}
