"""The seed's Python service, as close to its code as a test can drive it.

The functions below are the seed report's own (conectar_memcached, operacoes_basicas, consulta_lenta,
buscar_usuario, exemplo_sessoes), with two changes a shared test server needs: the server's address is given, and
every key carries a prefix so the checks never touch a real service's keys. The client is pymemcache's, with its
defaults, exactly as the seed built it. Beyond the seed, in its style: a cart changed with gets and cas (ler_carrinho,
adicionar_ao_carrinho), the other side of kata k09's CartStore.

The Java tests in src/test/java/kata/interop run one command per check and compare what it prints:

    seed_service.py HOST PORT  < {"command": "ler-usuario", "args": ["interop:usuario:2"]}

The command comes on stdin as UTF-8 JSON, so no locale can mangle a non-ASCII argument on its way. Each command
prints what the seed's code read, one value per line, in UTF-8; an exception ends the process with a traceback and
exit code 1. Nothing here decides whether a check passed: the Java side does.
"""

import json
import statistics
import sys
import time

from pymemcache.client.base import Client

ATRASO = 0.5  # the seed's time.sleep(0.5); the timing check shortens it, the other checks never wait for it
consultas_lentas = 0  # how many times consulta_lenta ran: a hit never reaches it


def conectar_memcached(host, port, **opcoes):
    # the seed: Client(('localhost', 11211)), pymemcache's defaults (noreply on set, Nagle on); no set/delete probe
    # here, so the checks leave no 'teste' key behind
    return Client((host, port), **opcoes)


def guardar_texto(client, chave, texto):
    # the seed's operacoes_basicas: client.set('nome', 'João Guilherme'.encode('utf-8'))
    client.set(chave, texto.encode('utf-8'))


def ler_texto(client, chave):
    # the seed's operacoes_basicas: nome = client.get('nome').decode('utf-8')
    return client.get(chave).decode('utf-8')


def guardar_usuario(client, chave, usuario):
    # the seed's operacoes_basicas: client.set('usuario:1', json.dumps(usuario).encode('utf-8'))
    client.set(chave, json.dumps(usuario).encode('utf-8'))


def ler_usuario(client, chave):
    # how the seed reads its users back: json.loads(...)['nome']
    return json.loads(client.get(chave).decode('utf-8'))


def consulta_lenta(user_id):
    global consultas_lentas
    consultas_lentas += 1
    time.sleep(ATRASO)
    return {'id': user_id, 'nome': f'Usuario_{user_id}'}


def buscar_usuario(client, user_id, usar_cache=True, prefixo='user:'):
    cache_key = f'{prefixo}{user_id}'

    # Tenta buscar no cache
    if usar_cache:
        cached = client.get(cache_key)
        if cached:
            return json.loads(cached.decode('utf-8'))

    # CACHE MISS - busca fonte original
    dados = consulta_lenta(user_id)

    # Armazena no cache
    if usar_cache:
        client.set(cache_key, json.dumps(dados).encode('utf-8'), expire=60)

    return dados


def criar_sessao(client, prefixo, session_id, user_id, username):
    # the seed's exemplo_sessoes
    session_data = {
        'user_id': user_id,
        'username': username,
        'login_time': int(time.time())
    }
    client.set(f'{prefixo}{session_id}',
               json.dumps(session_data).encode('utf-8'),
               expire=1800)
    return session_data


def validar_sessao(client, prefixo, session_id):
    # the seed's "Validar sessão": session = client.get(f'session:{session_id}'), read as JSON
    session = client.get(f'{prefixo}{session_id}')
    return None if session is None else json.loads(session.decode('utf-8'))


def medir_hits(client, prefixo, rodadas):
    """The seed's exemplo_cache_performance, run `rodadas` times: the miss, then the hit right after it."""
    global ATRASO
    ATRASO = 0.01  # the miss is not what is measured here
    hits = []
    for rodada in range(rodadas):
        user_id = 9000 + rodada
        client.delete(f'{prefixo}{user_id}', noreply=False)
        buscar_usuario(client, user_id, prefixo=prefixo)  # miss: consulta_lenta, then set with noreply
        inicio = time.perf_counter()
        buscar_usuario(client, user_id, prefixo=prefixo)  # hit
        hits.append((time.perf_counter() - inicio) * 1000)
        client.delete(f'{prefixo}{user_id}', noreply=False)
    return hits


def ler_carrinho(client, chave):
    # beyond the seed: a cart is JSON, {"items": {"apple": 2}}
    return json.loads(client.get(chave).decode('utf-8'))


def adicionar_ao_carrinho(client, chave, item, quantidade, tentativas=10):
    # beyond the seed: kata k09's loop in pymemcache. add must wait for its answer (noreply=False): with the default,
    # noreply, it answers True even when another client created the cart first. cas waits by default and answers
    # True, False (EXISTS) or None (NOT_FOUND).
    for _ in range(tentativas):
        valor, cas = client.gets(chave)
        if valor is None:
            carrinho = {'items': {item: quantidade}}
            if client.add(chave, json.dumps(carrinho).encode('utf-8'), expire=1800, noreply=False):
                return carrinho
            continue
        carrinho = json.loads(valor.decode('utf-8'))
        carrinho['items'][item] = carrinho['items'].get(item, 0) + quantidade
        if client.cas(chave, json.dumps(carrinho).encode('utf-8'), cas, expire=1800):
            return carrinho
    raise RuntimeError(f'{chave}: {tentativas} tentativas, todas perdidas')


def main(argv):
    host, port = argv[1], int(argv[2])
    request = json.loads(sys.stdin.buffer.read().decode('utf-8'))
    command, args = request['command'], request['args']
    client = conectar_memcached(host, port)
    if command == 'guardar-texto':
        guardar_texto(client, args[0], args[1])
        print('stored')
    elif command == 'ler-texto':
        print(ler_texto(client, args[0]))
    elif command == 'guardar-usuario':
        usuario = {'id': int(args[1]), 'nome': args[2]}
        guardar_usuario(client, args[0], usuario)
        print(json.dumps(usuario))
    elif command == 'ler-usuario':
        print(ler_usuario(client, args[0])['nome'])
    elif command == 'chave':
        # what pymemcache does with a key before it reaches the server
        try:
            client.set(args[0], b'ok', noreply=False)
            print('stored')
        except Exception as e:  # the seed's own style: print the error, carry on
            print(f'{type(e).__name__}: {e}')
    elif command == 'buscar-usuario':
        dados = buscar_usuario(client, int(args[1]), prefixo=args[0])
        print(json.dumps(dados, ensure_ascii=False))
        print(f'consultas_lentas={consultas_lentas}')
    elif command == 'criar-sessao':
        print(json.dumps(criar_sessao(client, args[0], args[1], int(args[2]), args[3])))
    elif command == 'validar-sessao':
        session = validar_sessao(client, args[0], args[1])
        if session is None:
            print('sessao invalida')
        else:
            print(f"user_id={session['user_id']}")
            print(f"username={session['username']}")
            print(f"login_time={session['login_time']}")
    elif command == 'medir-hits':
        rodadas = int(args[1])
        padrao = medir_hits(client, args[0], rodadas)
        sem_nagle = medir_hits(conectar_memcached(host, port, no_delay=True), args[0], rodadas)
        print(f'hit median, pymemcache defaults (noreply set, Nagle on): {statistics.median(padrao):.2f} ms'
              f' (min {min(padrao):.2f}, max {max(padrao):.2f}, {rodadas} runs)')
        print(f'hit median, no_delay=True: {statistics.median(sem_nagle):.2f} ms'
              f' (min {min(sem_nagle):.2f}, max {max(sem_nagle):.2f}, {rodadas} runs)')
    elif command == 'ler-carrinho':
        print(json.dumps(ler_carrinho(client, args[0])['items'], sort_keys=True))
    elif command == 'adicionar-ao-carrinho':
        carrinho = adicionar_ao_carrinho(client, args[0], args[1], int(args[2]))
        print(json.dumps(carrinho['items'], sort_keys=True))
    else:
        raise SystemExit(f'unknown command {command!r}')
    client.close()


if __name__ == '__main__':
    main(sys.argv)
