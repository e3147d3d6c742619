package kata.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import kata.k02_encoding.TextStore;
import kata.k03_json.KeyBuilder;
import kata.k03_json.UserStore;
import kata.k05_cache_aside.UserService;
import kata.k06_sessions.SessionStore;
import kata.k09_cas.CartStore;
import kata.shared.Cart;
import kata.shared.SessionData;
import kata.shared.SlowUserRepository;
import kata.shared.UnreadableValueException;
import kata.shared.User;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's Python service and the katas' classes share one memcached and read each other's values, both ways.
 *
 * <p>Each check runs the seed's own code (src/test/python/seed_service.py, pymemcache with its defaults) against the
 * run's shared server and prints what Python printed. The checks of a kata are dynamic tests of one factory, so a
 * machine without pymemcache skips the whole class at once and says so in one line (see {@link SeedPythonExtension}).
 * Keys start with {@code interop:}, the seed's key names behind it.
 */
@Tag("interop")
@ExtendWith({SeedPythonExtension.class, MemcachedExtension.class})
@DisplayName("interop · the seed's Python service and the katas read each other's values")
class SeedInteropTest {

    private static final Duration FAST = Duration.ofMillis(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> k02_text(MemcachedClient client, MemcachedServer server, SeedPython python) {
        TextStore store = new TextStore(client);
        return Stream.of(
                dynamicTest("text the seed stored comes back unchanged from TextStore", () -> {
                    // the seed: client.set('nome', 'João Guilherme'.encode('utf-8'))
                    python.run(server.address(), "guardar-texto", "interop:nome", "João Guilherme 👋");

                    assertThat(store.get("interop:nome"))
                            .as("TextStore.get(\"interop:nome\") after the seed's Python stored it")
                            .contains("João Guilherme 👋");
                }),
                dynamicTest("a key pymemcache refuses is refused by TextStore too", () -> {
                    assertThat(python.run(server.address(), "chave", "interop:usuário"))
                            .as("pymemcache's set('interop:usuário', …) with the seed's defaults")
                            .singleElement().asString().startsWith("MemcacheIllegalInputError: Non-ASCII key");

                    assertThatExceptionOfType(IllegalArgumentException.class)
                            .as("TextStore.checkKey(\"interop:usuário\"): a key one service cannot even ask for is"
                                    + " no key for a shared cache")
                            .isThrownBy(() -> TextStore.checkKey("interop:usuário"))
                            .withMessageContaining("U+00E1");
                }),
                dynamicTest("text TextStore stored comes back unchanged in the seed", () -> {
                    store.put("interop:saudacao", "Olá, memcached 🚀 — ação");

                    assertThat(python.run(server.address(), "ler-texto", "interop:saudacao"))
                            .as("the seed's client.get('interop:saudacao').decode('utf-8') after TextStore.put")
                            .containsExactly("Olá, memcached 🚀 — ação");
                }));
    }

    @TestFactory
    Stream<DynamicTest> k03_users(MemcachedClient client, MemcachedServer server, SeedPython python) {
        KeyBuilder keys = new KeyBuilder("interop:usuario");
        List<String> reported = new ArrayList<>();
        UserStore store = new UserStore(client, keys, reporter(reported));
        return Stream.of(
                dynamicTest("a user the seed stored is found by UserStore", () -> {
                    client.delete("interop:usuario:1").get();
                    // the seed: usuario = {'id': 1, 'nome': 'João'}
                    //           client.set('usuario:1', json.dumps(usuario).encode('utf-8'))
                    assertThat(python.run(server.address(), "guardar-usuario", "interop:usuario:1", "1", "João"))
                            .as("what the seed's Python stored: json.dumps escapes ã as \\u00e3")
                            .containsExactly("{\"id\": 1, \"nome\": \"Jo\\u00e3o\"}");

                    assertThat(store.find(1))
                            .as("UserStore.find(1) of the user the seed's Python stored under interop:usuario:1")
                            .contains(new User(1, "João"));
                    assertThat(reported).as("values UserStore could not read").isEmpty();
                }),
                dynamicTest("a user UserStore stored is read by the seed", () -> {
                    store.put(new User(2, "João Guilherme"));

                    assertThat(python.run(server.address(), "ler-usuario", "interop:usuario:2"))
                            .as("the seed's json.loads(client.get('interop:usuario:2').decode('utf-8'))['nome']"
                                    + " after UserStore.put(User[2, João Guilherme])")
                            .containsExactly("João Guilherme");
                }),
                dynamicTest("a key pymemcache refuses is refused by KeyBuilder too", () -> {
                    assertThat(python.run(server.address(), "chave", "interop:usuario:joão"))
                            .as("pymemcache's set('interop:usuario:joão', …) with the seed's defaults")
                            .singleElement().asString().startsWith("MemcacheIllegalInputError: Non-ASCII key");

                    assertThatExceptionOfType(IllegalArgumentException.class)
                            .as("KeyBuilder(\"interop:usuario\").key(\"joão\"): a key one service cannot even ask"
                                    + " for is no key for a shared cache")
                            .isThrownBy(() -> keys.key("joão"))
                            .withMessageContaining("U+00E3");
                }));
    }

    @TestFactory
    Stream<DynamicTest> k05_cache_aside(MemcachedClient client, MemcachedServer server, SeedPython python) {
        String prefix = "interop:user:";
        List<String> reported = new ArrayList<>();
        return Stream.of(
                dynamicTest("a user the seed cached is a hit for UserService", () -> {
                    forget(client, prefix + 7001);
                    assertThat(python.run(server.address(), "buscar-usuario", prefix, "7001"))
                            .as("the seed's buscar_usuario(7001) on an empty cache: a miss, its consulta_lenta,"
                                    + " then set(…, expire=60)")
                            .containsExactly("{\"id\": 7001, \"nome\": \"Usuario_7001\"}", "consultas_lentas=1");
                    SlowUserRepository repository = new SlowUserRepository(FAST);

                    assertThat(new UserService(client, repository, prefix, reporter(reported)).find(7001))
                            .as("UserService.find(7001) after the seed's Python cached interop:user:7001")
                            .contains(new User(7001, "Usuario_7001"));
                    assertThat(repository.loads()).as("repository loads: a hit on the seed's entry never reaches it")
                            .isZero();
                    assertThat(reported).as("entries UserService could not read").isEmpty();
                }),
                dynamicTest("a user UserService cached is a hit for the seed", () -> {
                    forget(client, prefix + 7002);
                    SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(7002, "Ana Lúcia"));
                    new UserService(client, repository, prefix, reporter(reported)).find(7002);

                    assertThat(python.run(server.address(), "buscar-usuario", prefix, "7002"))
                            .as("the seed's buscar_usuario(7002) after UserService.find(7002) cached it: a hit, no"
                                    + " consulta_lenta")
                            .containsExactly("{\"id\": 7002, \"nome\": \"Ana Lúcia\"}", "consultas_lentas=0");
                }),
                dynamicTest("a user UserService knows is missing is no user for the seed", () -> {
                    forget(client, prefix + 7003);
                    SlowUserRepository repository = new SlowUserRepository(FAST);
                    assertThat(new UserService(client, repository, prefix, reporter(reported)).find(7003))
                            .as("UserService.find(7003) of a user nobody has").isEmpty();

                    assertThat(python.run(server.address(), "buscar-usuario", prefix, "7003"))
                            .as("the seed's buscar_usuario(7003) after UserService cached the missing mark:"
                                    + " json.loads('null') is None, no user, and no consulta_lenta")
                            .containsExactly("null", "consultas_lentas=0");
                }),
                dynamicTest("the seed's 40 ms hit is its client, not memcached", () -> {
                    // printed for the lesson, never asserted: timings on a shared machine prove no rule
                    assertThat(python.run(server.address(), "medir-hits", "interop:k05:timing:", "20"))
                            .as("the seed's exemplo_cache_performance, 20 runs with pymemcache's defaults, then"
                                    + " with no_delay=True")
                            .hasSize(2)
                            .allSatisfy(line -> assertThat(line).startsWith("hit median, "));
                }));
    }

    @TestFactory
    Stream<DynamicTest> k06_sessions(MemcachedClient client, MemcachedServer server, SeedPython python) {
        String prefix = "interop:session:";
        List<String> reported = new ArrayList<>();
        SessionStore store = new SessionStore(client, prefix, reporter(reported));
        return Stream.of(
                dynamicTest("a session the seed created is valid for SessionStore", () -> {
                    String id = store.newId();
                    // the seed: session_data = {'user_id': 456, 'username': 'admin', 'login_time': int(time.time())}
                    //           client.set(f'session:{session_id}', json.dumps(session_data).encode('utf-8'),
                    //                      expire=1800)
                    List<String> printed = python.run(server.address(), "criar-sessao", prefix, id, "456", "admin");
                    long loginTime = JSON.readTree(printed.get(0)).get("login_time").asLong();

                    assertThat(store.validate(id))
                            .as("SessionStore.validate(…) of the session the seed's Python created: %s", printed)
                            .contains(new SessionData(456, "admin", loginTime));
                    assertThat(reported).as("sessions SessionStore could not read").isEmpty();
                }),
                dynamicTest("a session SessionStore created is valid for the seed", () -> {
                    SessionData maria = new SessionData(789, "maria.joão", 1_700_000_000L);
                    String id = store.create(maria);

                    assertThat(python.run(server.address(), "validar-sessao", prefix, id))
                            .as("the seed's session['user_id'], ['username'] and ['login_time'] of the session"
                                    + " SessionStore.create(%s) stored", maria)
                            .containsExactly("user_id=789", "username=maria.joão", "login_time=1700000000");
                }),
                dynamicTest("a logout in SessionStore ends the session for the seed", () -> {
                    String id = store.newId();
                    python.run(server.address(), "criar-sessao", prefix, id, "456", "admin");

                    assertThat(store.logout(id)).as("SessionStore.logout(…) of the seed's session").isTrue();
                    assertThat(python.run(server.address(), "validar-sessao", prefix, id))
                            .as("the seed's client.get(f'session:{session_id}') after SessionStore.logout")
                            .containsExactly("sessao invalida");
                }));
    }

    @TestFactory
    Stream<DynamicTest> k09_carts(MemcachedClient client, MemcachedServer server, SeedPython python) {
        CartStore store = new CartStore(client, 5);
        return Stream.of(
                dynamicTest("a cart CartStore wrote is read by the seed", () -> {
                    forget(client, "interop:cart:1");
                    store.update("interop:cart:1", cart -> cart.plus("maçã", 2));

                    assertThat(python.run(server.address(), "ler-carrinho", "interop:cart:1"))
                            .as("the seed's json.loads(client.get('interop:cart:1'))['items'] after"
                                    + " CartStore.update(+2 maçã) created it")
                            .containsExactly("{\"ma\\u00e7\\u00e3\": 2}");
                }),
                dynamicTest("a cart the seed changed with cas is changed again by CartStore, nothing lost", () -> {
                    forget(client, "interop:cart:2");
                    store.update("interop:cart:2", cart -> cart.plus("apple", 2));
                    assertThat(python.run(server.address(), "adicionar-ao-carrinho", "interop:cart:2", "pear", "1"))
                            .as("the seed's gets and cas loop adding a pear to the cart CartStore created")
                            .containsExactly("{\"apple\": 2, \"pear\": 1}");

                    assertThat(store.update("interop:cart:2", cart -> cart.plus("apple", 1)))
                            .as("CartStore.update(+1 apple) of the cart the seed's Python wrote back with cas")
                            .isEqualTo(new Cart(Map.of("apple", 3, "pear", 1)));
                }));
    }

    private static BiConsumer<String, UnreadableValueException> reporter(List<String> reported) {
        return (key, why) -> reported.add(key + ": " + why.getMessage());
    }

    /** A server that outlives the run (memcached.address) must not answer from an earlier run. */
    private static void forget(MemcachedClient client, String key) throws ExecutionException, InterruptedException {
        client.delete(key).get();
    }
}
