<?php
// The GatewayClient side of GatewayWorker's gateway protocol, for the project's tests: PHP web
// code pushing to and querying the gateways whose inner addresses it is given. Only PHP's own
// pack()/unpack()/serialize()/unserialize()/json_encode().
//
// Usage: php gateway_client.php '<json>' where the JSON is
//   {"addresses": ["127.0.0.1:2900", ...], "secret": null | "key", "calls": [[name, args...], ...]}
// Each call prints one line "result <index> <json of what it returned>"; "done" follows once every
// gateway has run every command (a last query on each connection answers after the commands
// before it). A connection the gateway closes prints "closed <address>" and ends the run with
// status 3; a reply out of step with its query (not of the shape the query has) ends it with
// status 4, "unexpected reply to command <cmd> from <address>: <bytes as JSON>" on stderr.

declare(strict_types=1);

const CMD_SEND_TO_ONE = 5;
const CMD_SEND_TO_ALL = 6;
const CMD_KICK = 7;
const CMD_DESTROY = 8;
const CMD_UPDATE_SESSION = 9;
const CMD_GET_ALL_CLIENT_SESSIONS = 10;
const CMD_IS_ONLINE = 11;
const CMD_BIND_UID = 12;
const CMD_UNBIND_UID = 13;
const CMD_SEND_TO_UID = 14;
const CMD_GET_CLIENT_ID_BY_UID = 15;
const CMD_BATCH_GET_CLIENT_ID_BY_UID = 16;
const CMD_JOIN_GROUP = 20;
const CMD_LEAVE_GROUP = 21;
const CMD_SEND_TO_GROUP = 22;
const CMD_GET_CLIENT_SESSIONS_BY_GROUP = 23;
const CMD_GET_CLIENT_COUNT_BY_GROUP = 24;
const CMD_SELECT = 25;
const CMD_GET_GROUP_ID_LIST = 26;
const CMD_UNGROUP = 27;
const CMD_BATCH_GET_CLIENT_COUNT_BY_GROUP = 28;
const CMD_PING = 201;
const CMD_GATEWAY_CLIENT_CONNECT = 202;
const CMD_GET_SESSION_BY_CLIENT_ID = 203;
const CMD_SET_SESSION = 204;

$config = json_decode($argv[1] ?? '', true);
if (!is_array($config) || !isset($config['addresses'], $config['calls'])) {
    fwrite(STDERR, "usage: php gateway_client.php '{\"addresses\":[...],\"secret\":null,\"calls\":[...]}'\n");
    exit(2);
}
$ADDRESSES = $config['addresses'];
$SECRET = $config['secret'] ?? null;
$SOCKETS = [];

/** One packet: the 28-byte header (pack "NCNnNnNCnN"), ext_data, body. */
function gw_packet(int $cmd, int $connection, $body = '', string $ext = '', int $flag = 0): string
{
    if (is_scalar($body)) {
        $flag |= 1;
        $body = (string) $body;
    } else {
        $body = serialize($body);
    }
    return pack('NCNnNnNCnN', 28 + strlen($ext) + strlen($body), $cmd, 0, 0, 0, 0, $connection,
        $flag, 0, strlen($ext)) . $ext . $body;
}

/** The connection to one gateway address, opened (and authenticated) on first use. */
function gw_socket(string $address)
{
    global $SOCKETS, $SECRET;
    if (!isset($SOCKETS[$address])) {
        $sock = @stream_socket_client("tcp://$address", $errno, $errstr, 5.0);
        if ($sock === false) {
            fwrite(STDERR, "connect $address failed: $errstr ($errno)\n");
            exit(2);
        }
        stream_set_blocking($sock, true);
        stream_set_timeout($sock, 10);
        $SOCKETS[$address] = $sock;
        if ($SECRET !== null) {
            gw_write($address, gw_packet(CMD_GATEWAY_CLIENT_CONNECT, 0,
                json_encode(['secret_key' => $SECRET])));
        }
    }
    return $SOCKETS[$address];
}

function gw_write(string $address, string $bytes): void
{
    $sock = gw_socket($address);
    while ($bytes !== '') {
        $n = @fwrite($sock, $bytes);
        if ($n === false || $n === 0) {
            echo "closed $address\n";
            exit(3);
        }
        $bytes = substr($bytes, $n);
    }
}

function gw_read(string $address, int $n): string
{
    $sock = gw_socket($address);
    $buf = '';
    while (strlen($buf) < $n) {
        $chunk = fread($sock, $n - strlen($buf));
        if ($chunk === false || $chunk === '') {
            echo "closed $address\n";
            exit(3);
        }
        $buf .= $chunk;
    }
    return $buf;
}

/**
 * Sends a query and reads its reply: pack('N', len) . serialize(result). A reply that is not of
 * the shape $valid accepts (a reply out of step with its query) ends the run with status 4, its
 * command, address and bytes on stderr.
 */
function gw_ask(string $address, string $packet, ?callable $valid = null)
{
    gw_write($address, $packet);
    $length = unpack('N', gw_read($address, 4))[1];
    $raw = $length === 0 ? '' : gw_read($address, $length);
    $reply = unserialize($raw, ['allowed_classes' => false]);
    if (($reply === false && $raw !== 'b:0;') || ($valid !== null && !$valid($reply))) {
        fwrite(STDERR, sprintf("unexpected reply to command %d from %s: %s\n", ord($packet[4]),
            $address, json_encode($raw)));
        exit(4);
    }
    return $reply;
}

/** Asks every gateway; the replies by address. */
function gw_ask_all(string $packet, ?callable $valid = null): array
{
    global $ADDRESSES;
    $replies = [];
    foreach ($ADDRESSES as $address) {
        $replies[$address] = gw_ask($address, $packet, $valid);
    }
    return $replies;
}

/** @return whether a reply is a list of connection ids */
function gw_is_ids($reply): bool
{
    return is_array($reply) && array_is_list($reply) && count(array_filter($reply, 'is_int')) === count($reply);
}

/** @return whether a reply is a map of lists of connection ids */
function gw_is_ids_by_key($reply): bool
{
    return is_array($reply) && count(array_filter($reply, 'gw_is_ids')) === count($reply);
}

function gw_send_all(string $packet): void
{
    global $ADDRESSES;
    foreach ($ADDRESSES as $address) {
        gw_write($address, $packet);
    }
}

/** A client id's gateway address and connection id. */
function gw_split(string $client_id): array
{
    if (strlen($client_id) !== 20 || !ctype_xdigit($client_id)) {
        throw new InvalidArgumentException("bad client id $client_id");
    }
    $parts = unpack('Nip/nport/Nconnection', hex2bin($client_id));
    return [long2ip($parts['ip']) . ':' . $parts['port'], $parts['connection']];
}

function gw_client_id(string $address, $connection): string
{
    [$ip, $port] = explode(':', $address);
    return bin2hex(pack('NnN', ip2long($ip), (int) $port, (int) $connection));
}

/** Connection ids by address, as [connection => connection] maps. */
function gw_by_address(array $client_ids): array
{
    $by = [];
    foreach ($client_ids as $client_id) {
        [$address, $connection] = gw_split($client_id);
        $by[$address][$connection] = $connection;
    }
    return $by;
}

function gw_to_client(string $client_id, int $cmd, $body = '', string $ext = ''): bool
{
    [$address, $connection] = gw_split($client_id);
    gw_write($address, gw_packet($cmd, $connection, $body, $ext));
    return true;
}

function gw_sessions(array $replies): array
{
    $sessions = [];
    foreach ($replies as $address => $reply) {
        foreach ((array) $reply as $connection => $session) {
            $sessions[gw_client_id($address, $connection)] = $session ? unserialize($session) : [];
        }
    }
    return $sessions;
}

function gw_select(array $fields, array $where): array
{
    $ext = json_encode(['fields' => $fields, 'where' => $where]);
    $rows = [];
    foreach (gw_ask_all(gw_packet(CMD_SELECT, 0, '', $ext)) as $address => $reply) {
        foreach ((array) $reply as $connection => $row) {
            $rows[gw_client_id($address, $connection)] = $row;
        }
    }
    return $rows;
}

function gw_call(string $name, array $args)
{
    global $ADDRESSES;
    switch ($name) {
        case 'sendToAll':
            [$message, $ids, $exclude] = $args + [null, null, null, null];
            if ($ids !== null) {
                foreach (gw_by_address(array_diff($ids, (array) $exclude)) as $address => $connections) {
                    gw_write($address, gw_packet(CMD_SEND_TO_ALL, 0, $message,
                        json_encode(['connections' => $connections])));
                }
                return null;
            }
            $excluded = gw_by_address((array) $exclude);
            foreach ($ADDRESSES as $address) {
                $ext = isset($excluded[$address]) ? json_encode(['exclude' => $excluded[$address]]) : '';
                gw_write($address, gw_packet(CMD_SEND_TO_ALL, 0, $message, $ext));
            }
            return null;
        case 'sendToClient':
            return gw_to_client($args[0], CMD_SEND_TO_ONE, $args[1]);
        case 'sendToUid':
            gw_send_all(gw_packet(CMD_SEND_TO_UID, 0, $args[1], json_encode((array) $args[0])));
            return null;
        case 'sendToGroup':
            $excluded = gw_by_address((array) ($args[2] ?? []));
            foreach ($ADDRESSES as $address) {
                gw_write($address, gw_packet(CMD_SEND_TO_GROUP, 0, $args[1], json_encode([
                    'group' => (array) $args[0], 'exclude' => $excluded[$address] ?? null])));
            }
            return null;
        case 'isOnline':
            [$address, $connection] = gw_split($args[0]);
            return (int) gw_ask($address, gw_packet(CMD_IS_ONLINE, $connection), 'is_int');
        case 'isUidOnline':
            return (int) (bool) gw_call('getClientIdByUid', $args);
        case 'bindUid':
            return gw_to_client($args[0], CMD_BIND_UID, '', (string) $args[1]);
        case 'unbindUid':
            return gw_to_client($args[0], CMD_UNBIND_UID, '', (string) $args[1]);
        case 'joinGroup':
            return gw_to_client($args[0], CMD_JOIN_GROUP, '', (string) $args[1]);
        case 'leaveGroup':
            return gw_to_client($args[0], CMD_LEAVE_GROUP, '', (string) $args[1]);
        case 'ungroup':
            gw_send_all(gw_packet(CMD_UNGROUP, 0, '', (string) $args[0]));
            return null;
        case 'getClientIdByUid':
            $ids = [];
            foreach (gw_ask_all(gw_packet(CMD_GET_CLIENT_ID_BY_UID, 0, '', (string) $args[0]), 'gw_is_ids') as $address => $reply) {
                foreach ((array) $reply as $connection) {
                    $ids[] = gw_client_id($address, $connection);
                }
            }
            return $ids;
        case 'batchGetClientIdByUid':
            $byUid = [];
            foreach (gw_ask_all(gw_packet(CMD_BATCH_GET_CLIENT_ID_BY_UID, 0, '', json_encode($args[0])), 'gw_is_ids_by_key') as $address => $reply) {
                foreach ((array) $reply as $uid => $connections) {
                    foreach ($connections as $connection) {
                        $byUid[$uid][] = gw_client_id($address, $connection);
                    }
                    $byUid[$uid] = $byUid[$uid] ?? [];
                }
            }
            return $byUid;
        case 'getAllClientSessions':
            return gw_sessions(gw_ask_all(gw_packet(CMD_GET_ALL_CLIENT_SESSIONS, 0)));
        case 'getClientSessionsByGroup':
            return gw_sessions(gw_ask_all(gw_packet(CMD_GET_CLIENT_SESSIONS_BY_GROUP, 0, '', (string) $args[0])));
        case 'getAllClientIdCount':
        case 'getClientCountByGroup':
            $count = 0;
            foreach (gw_ask_all(gw_packet(CMD_GET_CLIENT_COUNT_BY_GROUP, 0, '', (string) ($args[0] ?? ''))) as $reply) {
                $count += (int) $reply;
            }
            return $count;
        case 'batchGetClientCountByGroup':
            $counts = [];
            foreach (gw_ask_all(gw_packet(CMD_BATCH_GET_CLIENT_COUNT_BY_GROUP, 0, '', json_encode($args[0]))) as $reply) {
                foreach ((array) $reply as $group => $count) {
                    $counts[$group] = ($counts[$group] ?? 0) + $count;
                }
            }
            return $counts;
        case 'getAllGroupIdList':
            $groups = [];
            foreach (gw_ask_all(gw_packet(CMD_GET_GROUP_ID_LIST, 0)) as $reply) {
                foreach ((array) $reply as $group) {
                    $groups[$group] = $group;
                }
            }
            return array_values($groups);
        case 'getAllClientIdList':
            return array_keys(gw_select(['uid'], []));
        case 'getUidListByGroup':
            $uids = [];
            foreach (gw_select(['uid', 'groups'], ['groups' => [$args[0]]]) as $row) {
                if ($row['uid'] !== null) {
                    $uids[$row['uid']] = $row['uid'];
                }
            }
            return array_values($uids);
        case 'setSession':
            return gw_to_client($args[0], CMD_SET_SESSION, '', serialize($args[1]));
        case 'updateSession':
            return gw_to_client($args[0], CMD_UPDATE_SESSION, '', serialize($args[1]));
        case 'getSession':
            [$address, $connection] = gw_split($args[0]);
            return gw_ask($address, gw_packet(CMD_GET_SESSION_BY_CLIENT_ID, $connection));
        case 'closeClient':
            return gw_to_client($args[0], CMD_KICK, $args[1] ?? '');
        case 'destroyClient':
            return gw_to_client($args[0], CMD_DESTROY);
        case 'ping':
            gw_send_all(gw_packet(CMD_PING, 0));
            return null;
        case 'raw':
            // bytes as hex, to the address of index $args[0]
            gw_write($ADDRESSES[$args[0]], hex2bin($args[1]));
            return null;
        default:
            throw new InvalidArgumentException("unknown call $name");
    }
}

foreach ($config['calls'] as $i => $call) {
    $name = array_shift($call);
    $result = gw_call($name, $call);
    echo 'result ', $i, ' ', json_encode($result, JSON_UNESCAPED_SLASHES), "\n";
}
// a last query on each connection: answered once every command before it has run
foreach (array_keys($SOCKETS) as $address) {
    gw_ask($address, gw_packet(CMD_IS_ONLINE, 0), 'is_int');
}
echo "done\n";
