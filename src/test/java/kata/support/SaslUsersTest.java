package kata.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SASL users of a dedicated server and the files written for memcached: no server needed. */
class SaslUsersTest {

    @TempDir
    Path dir;

    @Test
    void users_come_from_user_colon_password_pairs_and_a_password_may_hold_a_colon() {
        SaslUsers users = SaslUsers.parse("bob:b", "alice:a:b");

        assertThat(users.enabled()).isTrue();
        assertThat(users.flags()).containsExactly("-S");
        assertThat(users.describe()).isEqualTo(" with SASL users alice, bob");
        assertThat(SaslUsers.parse().enabled()).isFalse();
        assertThat(SaslUsers.parse().flags()).isEmpty();
        assertThat(SaslUsers.none().describe()).isEmpty();
    }

    @Test
    void a_pair_without_password_or_a_user_saslpasswd2_would_misread_is_refused_with_the_reason() {
        assertThatThrownBy(() -> SaslUsers.parse("alice")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SASL user 'alice' has no password: write user:password");
        assertThatThrownBy(() -> SaslUsers.of(Map.of("alice@realm", "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("saslpasswd2 reads '@' as a realm");
        assertThatThrownBy(() -> SaslUsers.of(Map.of("al ice", "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without spaces");
        assertThatThrownBy(() -> SaslUsers.of(Map.of("", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SaslUsers.of(Map.of("alice", ""))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SASL user 'alice': the password must be one non-empty line");
        assertThatThrownBy(() -> SaslUsers.of(Map.of("alice", "a\nb"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_config_offers_plain_only_and_points_at_the_database_where_the_server_sees_it() {
        assertThat(SaslUsers.config("/tmp/memcached-kata-sasl"))
                .isEqualTo("mech_list: plain\nsasldb_path: /tmp/memcached-kata-sasl/sasldb2\n");
    }

    @Test
    void without_saslpasswd2_writing_the_files_says_how_to_get_it() {
        SaslUsers alice = SaslUsers.parse("alice:a");

        assertThatThrownBy(() -> alice.writeTo(dir, dir.toString(), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs saslpasswd2").hasMessageContaining("none is on PATH")
                .hasMessageContaining("apt-get install sasl2-bin");
    }

    @Test
    void the_files_are_readable_by_the_user_memcached_runs_as(@TempDir Path other) throws IOException {
        Optional<Path> tool = SaslUsers.findSaslpasswd2();
        assumeThat(tool).as("saslpasswd2 (sasl2-bin) on this machine").isPresent();
        Path sasl = other.resolve("sasl");

        SaslUsers.parse("alice:a", "bob:b").writeTo(sasl, "/seen/by/server", Optional.of("elsewhere"), tool);

        assertThat(Files.readString(sasl.resolve("memcached.conf"))).isEqualTo(SaslUsers.config("/seen/by/server"));
        assertThat(Files.size(sasl.resolve("sasldb2"))).isPositive();
        for (Path file : new Path[] {sasl, sasl.resolve("memcached.conf"), sasl.resolve("sasldb2")}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .as("permissions of %s: memcached runs as nobody", file).matches("r..r..r..");
        }
    }
}
