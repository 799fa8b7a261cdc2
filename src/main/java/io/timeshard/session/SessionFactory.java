package io.timeshard.session;

import io.timeshard.api.TimeshardFunctions;
import io.timeshard.cluster.ClusterServices;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.home.Credential;
import io.timeshard.home.HomeConnection;
import io.timeshard.home.HomeEndpoint;
import io.timeshard.plan.HomeFacts;
import io.timeshard.protocol.ClientChannel;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Opens client sessions on the home database. */
public final class SessionFactory {
    private final HomeEndpoint home;
    private final ClusterServices services;
    private final TimeshardFunctions functions;
    private final HomeFacts facts;

    public SessionFactory(HomeEndpoint home, ClusterServices services) {
        this.home = requireNonNull(home, "home is null");
        this.services = requireNonNull(services, "services is null");
        this.functions = TimeshardFunctions.of(services);
        this.facts = new HomeFacts(services.homePool());
    }

    /**
     * Opens a session for {@code user}. The access node serves one database, the home database;
     * other startup parameters (application_name, DateStyle, options, ...) pass through to it.
     */
    public Session open(ClientChannel client, String user, String database, Credential credential, Map<String, String> startupParameters) {
        if (!database.equals(home.database())) {
            throw TimeshardException.of(ErrorCode.INVALID_CATALOG_NAME, "database \"" + database + "\" does not exist")
                    .withHint("This timeshard access node serves database \"" + home.database() + "\".");
        }
        HomeConnection connection = HomeConnection.open(home, user, credential, startupParameters);
        return new Session(client, connection, services, functions, facts, user);
    }

    public String database() {
        return home.database();
    }
}
