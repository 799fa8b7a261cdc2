package io.timeshard.session;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.util.Locale;

/** How a client proves who it is, with PostgreSQL's names for the methods. */
public enum AuthMethod {
    TRUST("trust"), PASSWORD("password"), MD5("md5"), SCRAM_SHA_256("scram-sha-256"), REJECT("reject");

    private final String configName;

    AuthMethod(String configName) {
        this.configName = configName;
    }

    public static AuthMethod parse(String name) {
        for (AuthMethod method : values()) {
            if (method.configName.equals(name.toLowerCase(Locale.ROOT))) {
                return method;
            }
        }
        throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "unknown authentication method \"" + name
                + "\": use trust, password, md5, scram-sha-256 or reject");
    }

    /** True when the client must prove it knows the role's password. */
    public boolean needsPassword() {
        return this == PASSWORD || this == MD5 || this == SCRAM_SHA_256;
    }

    @Override
    public String toString() {
        return configName;
    }
}
