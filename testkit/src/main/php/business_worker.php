<?php
// A GatewayWorker BusinessWorker written for the tests with PHP's own pack()/serialize(): it asks
// the Register for the gateways' inner addresses, connects to every one (CMD_WORKER_CONNECT), and
// runs a tiny Events-like handler on the client events they forward. One line per event:
//   gateways <json list>                 the Register's list
//   gateway-connected <addr>             connected (and CMD_WORKER_CONNECT sent) to a gateway
//   gateway-closed <addr>                a gateway connection closed (tried again after 1 s)
//   connect <client_id> <json>           onConnect: {session, remote, gateway_port}
//   wsconnect <client_id> <json>         onWebSocketConnect: {get, server, cookie}
//   message <client_id> <json>           onMessage: {body, session, same (ext_data is what the
//                                        worker serialize()d last)}
//   close <client_id> <json>             onClose: {session}
// Handler: onConnect sets $_SESSION = {greeted: true, count: 0}; each message adds 1 to count
// (written back with CMD_SET_SESSION, as BusinessWorker does when $_SESSION changed) and
//   "join <group>"         Gateway::joinGroup, answers "joined <group>"
//   "group <group> <text>" Gateway::sendToGroup (to every gateway)
//   anything else          Gateway::sendToCurrentClient("echo: <message>")
// Usage: php business_worker.php <register host:port> [secret] [name] [stall]
// With "stall", it connects to the gateways, prints "stalled" and never reads again (a worker
// whose gateways' send buffers fill up).

declare(strict_types=1);

const CMD_ON_CONNECT = 1;
const CMD_ON_MESSAGE = 3;
const CMD_ON_CLOSE = 4;
const CMD_SEND_TO_ONE = 5;
const CMD_JOIN_GROUP = 20;
const CMD_SEND_TO_GROUP = 22;
const CMD_WORKER_CONNECT = 200;
const CMD_PING = 201;
const CMD_SET_SESSION = 204;
const CMD_ON_WEBSOCKET_CONNECT = 205;
const FLAG_BODY_IS_SCALAR = 1;
const HEAD_LEN = 28;

$register = $argv[1] ?? '127.0.0.1:1236';
$secret = $argv[2] ?? '';
$name = $argv[3] ?? 'BusinessWorker';
$stall = ($argv[4] ?? '') === 'stall';

function out(string $line): void
{
    echo $line, "\n";
}

function packet(int $cmd, int $connectionId, string $ext, string $body, int $flag = FLAG_BODY_IS_SCALAR): string
{
    return pack('NCNnNnNCnN', HEAD_LEN + strlen($ext) + strlen($body), $cmd, 0, 0, 0, 0,
        $connectionId, $flag, 0, strlen($ext)) . $ext . $body;
}

function write_all($sock, string $data): bool
{
    while ($data !== '') {
        $n = @fwrite($sock, $data);
        if ($n === false || $n === 0) {
            return false;
        }
        $data = substr($data, $n);
    }
    return true;
}

$reg = @stream_socket_client("tcp://$register", $errno, $errstr, 5);
if (!$reg) {
    fwrite(STDERR, "register $register: $errstr\n");
    exit(2);
}
write_all($reg, json_encode(['event' => 'worker_connect', 'secret_key' => $secret]) . "\n");
$regBuffer = '';

$addresses = [];   // the Register's list
$gateways = [];    // address => socket
$buffers = [];     // address => bytes read
$retry = [];       // address => time to try again

function connect_gateway(string $addr): void
{
    global $gateways, $buffers, $secret, $name;
    $sock = @stream_socket_client("tcp://$addr", $errno, $errstr, 5);
    if (!$sock) {
        out("gateway-failed $addr $errstr");
        $GLOBALS['retry'][$addr] = microtime(true) + 1;
        return;
    }
    $body = json_encode(['worker_key' => "$name:" . getmypid(), 'secret_key' => $secret]);
    write_all($sock, packet(CMD_WORKER_CONNECT, 0, '', $body));
    $gateways[$addr] = $sock;
    $buffers[$addr] = '';
    out("gateway-connected $addr");
}

function session_of(string $ext)
{
    return $ext === '' ? null : unserialize($ext, ['allowed_classes' => false]);
}

// the session each client's last CMD_SET_SESSION wrote, as serialize() gave it
$written = [];

function set_session($sock, string $cid, int $connectionId, $session): void
{
    $GLOBALS['written'][$cid] = serialize($session);
    write_all($sock, packet(CMD_SET_SESSION, $connectionId, $GLOBALS['written'][$cid], ''));
}

function handle(string $addr, array $p): void
{
    global $gateways;
    $sock = $gateways[$addr];
    if ($p['cmd'] === CMD_PING) {
        return;
    }
    $cid = bin2hex(pack('NnN', $p['local_ip'], $p['local_port'], $p['connection_id']));
    $session = session_of($p['ext_data']);
    switch ($p['cmd']) {
        case CMD_ON_CONNECT:
            out("connect $cid " . json_encode(['session' => $session,
                'remote' => long2ip($p['client_ip']) . ':' . $p['client_port'],
                'gateway' => long2ip($p['local_ip']) . ':' . $p['local_port'],
                'gateway_port' => $p['gateway_port']]));
            set_session($sock, $cid, $p['connection_id'], ['greeted' => true, 'count' => 0]);
            break;
        case CMD_ON_WEBSOCKET_CONNECT:
            $data = unserialize($p['body'], ['allowed_classes' => false]);
            out("wsconnect $cid " . json_encode($data));
            break;
        case CMD_ON_MESSAGE:
            $body = $p['body'];
            // same: ext_data is byte for byte what this worker's serialize() wrote last (what
            // BusinessWorker's crc32 session version relies on)
            out("message $cid " . json_encode(['body' => $body, 'session' => $session,
                'same' => $p['ext_data'] === ($GLOBALS['written'][$cid] ?? null)]));
            if (is_array($session)) {
                $session['count'] = ($session['count'] ?? 0) + 1;
                set_session($sock, $cid, $p['connection_id'], $session);
            }
            if (strncmp($body, 'join ', 5) === 0) {
                $group = substr($body, 5);
                write_all($sock, packet(CMD_JOIN_GROUP, $p['connection_id'], $group, ''));
                write_all($sock, packet(CMD_SEND_TO_ONE, $p['connection_id'], '', "joined $group"));
            } elseif (strncmp($body, 'group ', 6) === 0) {
                [, $group, $text] = explode(' ', $body, 3) + ['', '', ''];
                $ext = json_encode(['group' => [$group], 'exclude' => null]);
                foreach ($gateways as $g) {
                    write_all($g, packet(CMD_SEND_TO_GROUP, 0, $ext, $text));
                }
            } else {
                write_all($sock, packet(CMD_SEND_TO_ONE, $p['connection_id'], '', "echo: $body"));
            }
            break;
        case CMD_ON_CLOSE:
            out("close $cid " . json_encode(['session' => $session]));
            unset($GLOBALS['written'][$cid]);
            break;
        default:
            out("unknown-cmd {$p['cmd']}");
    }
}

while (true) {
    $now = microtime(true);
    foreach ($retry as $addr => $at) {
        if ($at <= $now && in_array($addr, $addresses, true) && !isset($gateways[$addr])) {
            unset($retry[$addr]);
            connect_gateway($addr);
        }
    }
    $read = array_values($gateways);
    $read[] = $reg;
    $write = $except = null;
    if (@stream_select($read, $write, $except, 0, 200000) === false) {
        continue;
    }
    foreach ($read as $sock) {
        if ($sock === $reg) {
            $chunk = fread($reg, 65536);
            if ($chunk === '' || $chunk === false) {
                out('register-closed');
                exit(3);
            }
            $regBuffer .= $chunk;
            while (($pos = strpos($regBuffer, "\n")) !== false) {
                $line = substr($regBuffer, 0, $pos);
                $regBuffer = substr($regBuffer, $pos + 1);
                $data = json_decode($line, true);
                if (($data['event'] ?? '') !== 'broadcast_addresses') {
                    out("register-line $line");
                    continue;
                }
                $addresses = $data['addresses'];
                out('gateways ' . json_encode($addresses));
                foreach ($addresses as $addr) {
                    if (!isset($gateways[$addr])) {
                        connect_gateway($addr);
                    }
                }
                if ($stall) {
                    out('stalled');
                    sleep(600);
                }
            }
            continue;
        }
        $addr = array_search($sock, $gateways, true);
        $chunk = fread($sock, 65536);
        if ($chunk === '' || $chunk === false) {
            fclose($sock);
            unset($gateways[$addr], $buffers[$addr]);
            out("gateway-closed $addr");
            $retry[$addr] = microtime(true) + 1;
            continue;
        }
        $buffers[$addr] .= $chunk;
        while (strlen($buffers[$addr]) >= HEAD_LEN) {
            $p = unpack('Npack_len/Ccmd/Nlocal_ip/nlocal_port/Nclient_ip/nclient_port/Nconnection_id/Cflag/ngateway_port/Next_len', $buffers[$addr]);
            if (strlen($buffers[$addr]) < $p['pack_len']) {
                break;
            }
            $raw = substr($buffers[$addr], 0, $p['pack_len']);
            $buffers[$addr] = substr($buffers[$addr], $p['pack_len']);
            $p['ext_data'] = substr($raw, HEAD_LEN, $p['ext_len']);
            $p['body'] = (string) substr($raw, HEAD_LEN + $p['ext_len']);
            handle($addr, $p);
        }
    }
}
