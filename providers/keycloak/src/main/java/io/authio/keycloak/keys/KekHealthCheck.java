package io.authio.keycloak.keys;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.authio.core.keys.KekHealth;

/**
 * Readiness check "Authio KEK" on Keycloak's management port ({@code /health/ready}) for the aws-kms KEK: UP while
 * KMS answers; still UP but {@code state: degraded} while it fails and data keys this node opened before keep
 * working (at most {@code cache-seconds}); DOWN once the outage has outlasted that lifetime, when this node can no
 * longer open what it has not opened. The check also asks KMS (one Encrypt and Decrypt) at most every
 * {@code health-probe-seconds} (default 60), and every 10 s while failing, so an outage shows even when every key is
 * cached, and recovery shows without traffic. That probe runs on Keycloak's thread pool {@code authio-kek-probe}
 * (through {@link io.authio.keycloak.store.Background}), never in the health request:
 * the answer is always immediate (a black-holed KMS must not hold Keycloak's HTTP threads for the call deadline), and
 * the probe's outcome shows from the next call. Keystore and HSM KEKs are local: nothing to report beyond the
 * startup check.
 */
@Readiness
@ApplicationScoped
public class KekHealthCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Authio KEK").up();
        AwsKmsKekProviderFactory kms = AwsKmsKekProviderFactory.instance();
        if (kms == null || !kms.isConfigured() || !kms.loaded()) {
            return response.withData("aws-kms", "not in use").build();
        }
        KekHealth.Snapshot health = kms.health();
        kms.probeIfDue(health.state());
        response.withData("kek_id", kms.currentKekId())
                .withData("state", health.state().name().toLowerCase(Locale.ROOT))
                .withData("cache_seconds", kms.cache().lifetimeMillis() / 1000);
        if (health.failingSince() != null) {
            response.withData("failing_since", health.failingSince().toString());
        }
        if (health.lastError() != null) {
            response.withData("last_error", health.lastError());
        }
        return health.state() == KekHealth.State.DOWN ? response.down().build() : response.build();
    }
}
