<?php
// A minimal channel server for checking the load scripts' framing and bookkeeping against each
// other without a JVM (benchmarks/php/check.sh): Frame + PHP serialize, `subscribe` and `publish`
// only, every event sent to every subscriber of the channel, the publisher included, as Workerman
// Channel's server does. Not a benchmark peer: one process, no limits beyond a frame's size.
// Listens on 127.0.0.1 (port 0: a free one), prints "READY port=N", stops on end of input.

declare(strict_types=1);

require __DIR__ . '/bench_lib.php';

const USAGE = <<<'TXT'
usage: php loopback_server.php [--port P] [--max-seconds S]
  --port P         port on 127.0.0.1 (default 0: a free one, printed as READY port=N)
  --max-seconds S  the process never runs longer than this (default 120)

TXT;

$o = sb_options($argv, ['port' => 0, 'max-seconds' => 120.0], USAGE);
sb_bounded($o, 'port', 0, 65535);
sb_bounded($o, 'max-seconds', 1, 3600);
$server = @stream_socket_server("tcp://127.0.0.1:{$o['port']}", $errno, $errstr);
if ($server === false) {
    sb_fail("listen failed: $errstr ($errno)");
}
stream_set_blocking($server, false);
stream_set_blocking(STDIN, false);
$name = stream_socket_get_name($server, false);
fwrite(STDOUT, 'READY port=' . substr($name, strrpos($name, ':') + 1) . "\n");
fflush(STDOUT);

$deadline = hrtime(true) + (int) ($o['max-seconds'] * 1e9);
$clients = [];      // id => socket
$inbound = [];      // id => partial frame
$outbound = [];     // id => bytes not yet written
$channels = [];     // channel => [id => true]
while (hrtime(true) < $deadline) {
    $read = array_merge([$server, STDIN], array_values($clients));
    $write = [];
    foreach ($outbound as $id => $bytes) {
        if ($bytes !== '') {
            $write[] = $clients[$id];
        }
    }
    $except = null;
    if (@stream_select($read, $write, $except, 0, 200000) === false) {
        sb_fail('stream_select failed');
    }
    foreach ($read as $ready) {
        if ($ready === $server) {
            $client = @stream_socket_accept($server, 0);
            if ($client !== false) {
                stream_set_blocking($client, false);
                $id = (int) $client;
                $clients[$id] = $client;
                $inbound[$id] = '';
                $outbound[$id] = '';
            }
            continue;
        }
        if ($ready === STDIN) {
            if (fread(STDIN, 4096) === '' && feof(STDIN)) {
                exit(0);
            }
            continue;
        }
        $id = (int) $ready;
        $chunk = fread($ready, 1 << 20);
        if ($chunk === '' || $chunk === false) {
            if (feof($ready)) {
                fclose($ready);
                unset($clients[$id], $inbound[$id], $outbound[$id]);
                foreach ($channels as $channel => $members) {
                    unset($channels[$channel][$id]);
                }
            }
            continue;
        }
        $inbound[$id] .= $chunk;
        $buffer = $inbound[$id];
        $at = 0;
        while (strlen($buffer) - $at >= 4) {
            $size = unpack('N', $buffer, $at)[1];
            if ($size < 4 || $size > SB_MAX_FRAME) {
                sb_fail("bad frame length $size");
            }
            if (strlen($buffer) - $at < $size) {
                break;
            }
            $request = unserialize(substr($buffer, $at + 4, $size - 4), ['allowed_classes' => false]);
            $at += $size;
            if (!is_array($request) || !is_array($request['channels'] ?? null)) {
                continue;
            }
            foreach ($request['channels'] as $channel) {
                if ($request['type'] === 'subscribe') {
                    $channels[$channel][$id] = true;
                } elseif ($request['type'] === 'publish') {
                    $event = sb_request(['type' => 'event', 'channel' => $channel,
                        'data' => $request['data'] ?? null]);
                    foreach (array_keys($channels[$channel] ?? []) as $member) {
                        $outbound[$member] .= $event;
                    }
                }
            }
        }
        $inbound[$id] = substr($buffer, $at);
    }
    foreach ($write as $ready) {
        $id = (int) $ready;
        if (isset($outbound[$id])) {
            $n = @fwrite($ready, $outbound[$id]);
            if (is_int($n) && $n > 0) {
                $outbound[$id] = substr($outbound[$id], $n);
            }
        }
    }
}
