<?php
// A subscriber speaking Workerman Channel's protocol (what Channel\Client::on() sends): subscribes
// to one channel, counts the events, checks their order per publisher, and records the
// publish-to-delivery latency (the send time in the data against hrtime(), one monotonic clock
// for every process of the machine) of those received in the measured window, in a log-linear
// histogram. Prints one JSON result line at the end. Part of benchmarks/channel-php.sh.

declare(strict_types=1);

require __DIR__ . '/bench_lib.php';

const USAGE = <<<'TXT'
usage: php channel_subscriber.php [options]
  --host H          channel server address (default 127.0.0.1)
  --port P          channel server port (default 2206)
  --channel C       the channel (default bench)
  --duration S      stand-alone: measured window from the first event, seconds (default 5)
  --control         driven by the harness: prints READY once subscribed, {"event":"probed"} at
                    the first probe event, then reads commands on standard input:
                    "window START END" (hrtime nanoseconds) sets the measured window,
                    "end TOTAL" waits until TOTAL events arrived (or --drain passed), prints the
                    result and exits; end of input stops it
  --drain S         longest wait for the last events after "end" (default 15)
  --max-seconds S   the process never runs longer than this (default 600)
Result (one JSON line): received, inWindow, seconds, deliveriesPerSecond, p50Us, p99Us, missing
(sequence numbers skipped), backwards (repeated or reordered), malformed, probes, publishers,
hist (flat list: bucket key, count, ...).

TXT;

$o = sb_options($argv, ['host' => '127.0.0.1', 'port' => 2206, 'channel' => 'bench',
    'duration' => 5.0, 'control' => false, 'drain' => 15.0, 'max-seconds' => 600.0], USAGE);
sb_bounded($o, 'port', 1, 65535);
sb_bounded($o, 'duration', 0.1, 3600);
sb_bounded($o, 'drain', 0, 600);
sb_bounded($o, 'max-seconds', 1, 86400);

$started = hrtime(true);
$deadline = $started + (int) ($o['max-seconds'] * 1e9);
$sock = sb_open($o['host'], $o['port']);
$out = sb_request(['type' => 'subscribe', 'channels' => [$o['channel']]]);
while ($out !== '') {
    $out = sb_flush($sock, $out);
}
if ($o['control']) {
    stream_set_blocking(STDIN, false);
    fwrite(STDOUT, "READY pid=" . getmypid() . "\n");
    fflush(STDOUT);
}

$windowStart = PHP_INT_MAX;
$windowEnd = PHP_INT_MAX;
$received = 0;      // benchmark events, whole run
$inWindow = 0;
$missing = 0;
$backwards = 0;
$malformed = 0;
$probes = 0;
$next = [];         // publisher id => next expected sequence number
$histogram = [];    // bucket key => count
$total = -1;        // "end TOTAL": events to wait for
$endBy = 0;
$channel = $o['channel'];

$onPayload = function (string $payload) use (&$received, &$inWindow, &$missing, &$backwards,
    &$malformed, &$probes, &$next, &$histogram, &$windowStart, &$windowEnd, $channel, $o): void {
    $now = hrtime(true);
    $event = sb_event($payload);
    if ($event === null || $event['channel'] !== $channel) {
        $malformed++;
        return;
    }
    if ($event['data'] === 'probe') {
        if ($probes++ === 0 && $o['control']) {
            sb_json(['event' => 'probed']);
        }
        return;
    }
    $fields = sb_read_data($event['data']);
    if ($fields === null) {
        $malformed++;
        return;
    }
    [$seq, $sent, $publisher] = $fields;
    $expected = $next[$publisher] ?? 0;
    if ($seq === $expected) {
        $next[$publisher] = $seq + 1;
    } elseif ($seq > $expected) {
        $missing += $seq - $expected;
        $next[$publisher] = $seq + 1;
    } else {
        $backwards++;
    }
    $received++;
    if ($windowStart === PHP_INT_MAX && !$o['control']) {
        $windowStart = $now;
        $windowEnd = $now + (int) ($o['duration'] * 1e9);
    }
    if ($now >= $windowStart && $now < $windowEnd) {
        $inWindow++;
        $key = sb_bucket($now - $sent);
        $histogram[$key] = ($histogram[$key] ?? 0) + 1;
    }
};

$buffer = '';
$pending = '';
$commands = [];
while (true) {
    $now = hrtime(true);
    if ($now >= $deadline) {
        sb_fail("still running after --max-seconds {$o['max-seconds']}");
    }
    if (!$o['control'] && $now >= $windowEnd) {
        break;
    }
    if ($total >= 0 && ($received >= $total || $now >= $endBy)) {
        break;
    }
    sb_wait($sock, $o['control'], false, 200000, $buffer, $onPayload, $pending, $commands);
    foreach ($commands as $command) {
        $words = explode(' ', $command);
        if ($words[0] === 'window' && count($words) === 3) {
            $windowStart = (int) $words[1];
            $windowEnd = (int) $words[2];
        } elseif ($words[0] === 'end' && count($words) === 2) {
            $total = (int) $words[1];
            $endBy = hrtime(true) + (int) ($o['drain'] * 1e9);
        } elseif ($command !== '') {
            sb_fail("unknown command: $command");
        }
    }
    $commands = [];
}

$seconds = $windowEnd === PHP_INT_MAX ? 0.0 : ($windowEnd - $windowStart) / 1e9;
$flat = [];
ksort($histogram);
foreach ($histogram as $key => $count) {
    $flat[] = $key;
    $flat[] = $count;
}
sb_json(['event' => 'result', 'received' => $received, 'inWindow' => $inWindow,
    'seconds' => $seconds,
    'deliveriesPerSecond' => $seconds > 0 ? round($inWindow / $seconds, 1) : 0,
    'p50Us' => sb_percentile_micros($histogram, 0.50),
    'p99Us' => sb_percentile_micros($histogram, 0.99),
    'missing' => $missing, 'backwards' => $backwards, 'malformed' => $malformed,
    'probes' => $probes, 'publishers' => count($next), 'hist' => $flat]);
fclose($sock);
