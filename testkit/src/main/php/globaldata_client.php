<?php
// A GlobalData client speaking Workerman GlobalData's protocol (frame + serialize()), written for
// Switchboard's tests with PHP's own serialize()/unserialize()/md5()/pack() and the lead's
// frame.php. One connection per run; it prints one line per observable result, which the Java
// test awaits:
//   result <name> <serialize() of the value PHP read>
//   done <what> <details>
//   answer <case> <payload as hex> | closed <case> | timeout <case>
// Usage: php globaldata_client.php <host> <port> <scenario> [args...]
//   basic <prefix>                 set/get/isset/unset/add/cas/increment, Workerman's answers
//   set <key> <json>               set the value json_decode($json, true) gives
//   get <key>                      result get <serialize(value)>
//   casread <key> <json>           get, then cas with the value read: result cas <answer>
//   increment <key> <n>            n increments of 1, then done increment <n>
//   casloop <key> <n>              n cas increments written as the manual's loop
//   raw <case> <hex payload>       one request frame of these bytes, prints the answer
//   bytes <case> <hex bytes>       these bytes as they are (a broken frame), prints the answer
//   pipeline <key> <n>             n requests written at once, then their n answers in order

require __DIR__ . '/frame.php';

$host = $argv[1];
$port = (int) $argv[2];
$scenario = $argv[3];
$args = array_slice($argv, 4);

function gd_request($sock, array $request)
{
    sb_write_frame($sock, serialize($request));
    $answer = sb_read_frame($sock, 10);
    if ($answer === false || $answer === null) {
        fwrite(STDERR, "no answer to " . $request['cmd'] . "\n");
        exit(3);
    }
    return unserialize($answer);
}

function gd_get($sock, $key) { return gd_request($sock, ['cmd' => 'get', 'key' => $key]); }
function gd_set($sock, $key, $value) { return gd_request($sock, ['cmd' => 'set', 'key' => $key, 'value' => $value]); }
function gd_isset($sock, $key) { return gd_get($sock, $key) !== null; }
function gd_unset($sock, $key) { return gd_request($sock, ['cmd' => 'delete', 'key' => $key]); }
function gd_add($sock, $key, $value) { return gd_request($sock, ['cmd' => 'add', 'key' => $key, 'value' => $value]); }
function gd_increment($sock, $key, $step = 1) { return gd_request($sock, ['cmd' => 'increment', 'key' => $key, 'step' => $step]); }
function gd_cas($sock, $key, $old, $new)
{
    return gd_request($sock, ['cmd' => 'cas', 'key' => $key, 'md5' => md5(serialize($old)), 'value' => $new]);
}

function result($name, $value) { echo "result $name " . serialize($value) . "\n"; }

/** Prints what the server answered to one frame: its payload, or that it closed, or nothing. */
function answer_of($sock, $case)
{
    $answer = sb_read_frame($sock, 10);
    if ($answer === false) {
        echo "closed $case\n";
    } elseif ($answer === null) {
        echo "timeout $case\n";
    } else {
        echo "answer $case " . bin2hex($answer) . "\n";
        // Workerman closes after its refusal: the next read sees the close
        echo (sb_read_frame($sock, 10) === false ? "closed" : "open") . " $case\n";
    }
}

$sock = sb_connect($host, $port, 5);
if (!$sock) {
    echo "refused connect\n";
    exit(2);
}
echo "connected\n";

switch ($scenario) {
    case 'basic':
        $p = $args[0];
        result('get-absent', gd_get($sock, "$p.a"));
        result('isset-absent', gd_isset($sock, "$p.a"));
        result('set', gd_set($sock, "$p.a", ['x' => 1, 'list' => [1, 2.5, 'three'], 'nested' => ['k' => [true, null]]]));
        result('get', gd_get($sock, "$p.a"));
        result('isset', gd_isset($sock, "$p.a"));
        result('add-present', gd_add($sock, "$p.a", 5));
        result('add-absent', gd_add($sock, "$p.b", 5));
        result('get-added', gd_get($sock, "$p.b"));
        result('increment', gd_increment($sock, "$p.b", 3));
        result('increment-negative', gd_increment($sock, "$p.b", -10));
        result('increment-float', gd_increment($sock, "$p.b", 0.5));
        result('increment-absent', gd_increment($sock, "$p.none", 1));
        result('get-after-increment-absent', gd_get($sock, "$p.none"));
        gd_set($sock, "$p.s", 'not a number');
        result('increment-non-numeric', gd_increment($sock, "$p.s", 2));
        gd_set($sock, "$p.n", '41');
        result('increment-numeric-string', gd_increment($sock, "$p.n", 1));
        result('cas-wrong', gd_cas($sock, "$p.b", 999, 'x'));
        $old = gd_get($sock, "$p.a");
        $old['x'] = 2;
        result('cas-stale', gd_cas($sock, "$p.a", $old, 'x'));
        $old = gd_get($sock, "$p.a");
        result('cas-right', gd_cas($sock, "$p.a", $old, ['x' => 2]));
        result('get-cas', gd_get($sock, "$p.a"));
        result('cas-null-absent', gd_cas($sock, "$p.c", null, 'created'));
        result('cas-null-present', gd_cas($sock, "$p.c", null, 'again'));
        result('get-c', gd_get($sock, "$p.c"));
        result('set-null', gd_set($sock, "$p.c", null));
        result('isset-null', gd_isset($sock, "$p.c"));
        result('add-over-null', gd_add($sock, "$p.c", 'fresh'));
        result('unset', gd_unset($sock, "$p.c"));
        result('unset-absent', gd_unset($sock, "$p.c"));
        result('isset-unset', gd_isset($sock, "$p.c"));
        gd_set($sock, '7', 'seven');
        result('int-key', gd_request($sock, ['cmd' => 'get', 'key' => 7]));
        echo "done basic\n";
        break;
    case 'set':
        result('set', gd_set($sock, $args[0], json_decode($args[1], true)));
        echo "done set\n";
        break;
    case 'get':
        result('get', gd_get($sock, $args[0]));
        echo "done get\n";
        break;
    case 'casread':
        $old = gd_get($sock, $args[0]);
        result('cas', gd_cas($sock, $args[0], $old, json_decode($args[1], true)));
        echo "done casread\n";
        break;
    case 'increment':
        $n = (int) $args[1];
        for ($i = 0; $i < $n; $i++) {
            if (!is_int(gd_increment($sock, $args[0], 1))) {
                echo "failed increment $i\n";
                exit(4);
            }
        }
        echo "done increment $n\n";
        break;
    case 'casloop':
        $n = (int) $args[1];
        $retries = 0;
        for ($i = 0; $i < $n; $i++) {
            // the manual's pattern: read, compute, cas with the value read; again on a conflict
            do {
                $old = gd_get($sock, $args[0]);
                $new = ['count' => ($old['count'] ?? 0) + 1, 'by' => 'php'];
                $stored = gd_cas($sock, $args[0], $old, $new);
                $retries += $stored ? 0 : 1;
            } while (!$stored);
        }
        echo "done casloop $n $retries\n";
        break;
    case 'raw':
        sb_write_frame($sock, hex2bin($args[1]));
        answer_of($sock, $args[0]);
        break;
    case 'bytes':
        fwrite($sock, hex2bin($args[1]));
        answer_of($sock, $args[0]);
        break;
    case 'pipeline':
        $n = (int) $args[1];
        $frames = '';
        for ($i = 0; $i < $n; $i++) {
            $request = serialize(['cmd' => 'set', 'key' => $args[0], 'value' => $i]);
            $frames .= pack('N', 4 + strlen($request)) . $request;
            $request = serialize(['cmd' => 'get', 'key' => $args[0]]);
            $frames .= pack('N', 4 + strlen($request)) . $request;
        }
        fwrite($sock, "\0\0\0\x08ping" . $frames);
        for ($i = 0; $i < $n; $i++) {
            $set = unserialize(sb_read_frame($sock, 10));
            $get = unserialize(sb_read_frame($sock, 10));
            if ($set !== true || $get !== $i) {
                echo "out of order $i " . var_export($set, true) . ' ' . var_export($get, true) . "\n";
                exit(5);
            }
        }
        echo "done pipeline $n\n";
        break;
    default:
        fwrite(STDERR, "unknown scenario $scenario\n");
        exit(1);
}
