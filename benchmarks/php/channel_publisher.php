<?php
// A publisher speaking Workerman Channel's protocol (the publish frame Channel\Client::publish()
// sends): publishes data carrying a sequence number and its send time (hrtime) to one channel,
// at full speed or at a given rate, through a warm-up and a measured window. The protocol has no
// acknowledgements; with --window N the publisher also subscribes to its own channel (the server
// sends an event to every subscriber, the publisher included) and counts its own events as
// acknowledgements, keeping at most N publishes unacknowledged, as the Java benchmark's publisher
// does with the JSON protocol's acks. Prints one JSON line at the end. Part of
// benchmarks/channel-php.sh.

declare(strict_types=1);

require __DIR__ . '/bench_lib.php';

const USAGE = <<<'TXT'
usage: php channel_publisher.php [options]
  --host H          channel server address (default 127.0.0.1)
  --port P          channel server port (default 2206)
  --channel C       the channel (default bench)
  --id ID           publisher id carried in the data, 1-8 of [A-Za-z0-9_-] (default p1)
  --size B          size of the data in its string form, bytes (default 128, at least 48)
  --shape S         string: one string (the Java benchmark's layout); array: a PHP array of
                    seq, t, pub, pad (default string)
  --window N        at most N publishes not yet seen back on the publisher's own subscription
                    (default 128); 0: no subscription, publish as fast as the socket takes
  --rate R          publishes per second, 0 for as fast as --window allows (default 0)
  --warmup S        unmeasured warm-up, seconds (default 2)
  --duration S      measured window, seconds (default 5)
  --control         driven by the harness: prints READY once connected (and subscribed), sends a
                    probe event every --probe-interval until "go" on standard input, prints
                    {"event":"probed"} when its own first probe came back (--window > 0), and
                    {"event":"window","start":NS,"end":NS} (hrtime) on "go"; end of input stops it
  --probe-interval S  (default 0.05)
  --ack-drain S     longest wait for the last of its own events after the window (default 30)
  --max-seconds S   the process never runs longer than this (default 600)
Result (one JSON line): sent, acked, sentInWindow, ackedInWindow, seconds, publishesPerSecond
(acknowledged in the window, or sent with --window 0), backwards, malformed.

TXT;

$o = sb_options($argv, ['host' => '127.0.0.1', 'port' => 2206, 'channel' => 'bench',
    'id' => 'p1', 'size' => 128, 'shape' => 'string', 'window' => 128, 'rate' => 0.0,
    'warmup' => 2.0, 'duration' => 5.0, 'control' => false, 'probe-interval' => 0.05,
    'ack-drain' => 30.0, 'max-seconds' => 600.0], USAGE);
sb_bounded($o, 'port', 1, 65535);
sb_bounded($o, 'size', SB_MIN_SIZE, 1 << 20);
sb_bounded($o, 'window', 0, 1000000);
sb_bounded($o, 'rate', 0, 1e8);
sb_bounded($o, 'warmup', 0, 3600);
sb_bounded($o, 'duration', 0.1, 3600);
sb_bounded($o, 'probe-interval', 0.001, 10);
sb_bounded($o, 'ack-drain', 0, 600);
sb_bounded($o, 'max-seconds', 1, 86400);
if ($o['shape'] !== 'string' && $o['shape'] !== 'array') {
    sb_fail("--shape takes string or array: {$o['shape']}");
}
$id = sb_publisher_id($o['id']);
$padding = sb_padding($o['size'], $id);
$channels = [$o['channel']];
$window = $o['window'];
$rate = $o['rate'];

$deadline = hrtime(true) + (int) ($o['max-seconds'] * 1e9);
$sock = sb_open($o['host'], $o['port']);
$out = $window > 0 ? sb_request(['type' => 'subscribe', 'channels' => $channels]) : '';
if ($o['control']) {
    stream_set_blocking(STDIN, false);
    fwrite(STDOUT, "READY pid=" . getmypid() . "\n");
    fflush(STDOUT);
}

$origin = 0;
$windowStart = PHP_INT_MAX;
$windowEnd = PHP_INT_MAX;
$running = !$o['control'];
$seq = 0;             // next sequence number = publishes sent
$acked = 0;
$sentInWindow = 0;
$ackedInWindow = 0;
$backwards = 0;
$malformed = 0;
$probed = false;
$nextProbe = 0;
$probeEvery = (int) ($o['probe-interval'] * 1e9);
$ackBy = PHP_INT_MAX;

$start = function () use (&$origin, &$windowStart, &$windowEnd, &$running, $o): void {
    $origin = hrtime(true);
    $windowStart = $origin + (int) ($o['warmup'] * 1e9);
    $windowEnd = $windowStart + (int) ($o['duration'] * 1e9);
    $running = true;
};
if ($running) {
    $start();
}

$onPayload = function (string $payload) use (&$acked, &$ackedInWindow, &$backwards, &$malformed,
    &$probed, &$windowStart, &$windowEnd, $id, $o): void {
    $event = sb_event($payload);
    if ($event === null) {
        $malformed++;
        return;
    }
    if ($event['data'] === 'probe') {
        if (!$probed && $o['control']) {
            sb_json(['event' => 'probed']);
        }
        $probed = true;
        return;
    }
    $fields = sb_read_data($event['data']);
    if ($fields === null || $fields[2] !== $id) {
        $malformed++;
        return;
    }
    if ($fields[0] !== $acked) {
        $backwards++;
    }
    $acked++;
    $now = hrtime(true);
    if ($now >= $windowStart && $now < $windowEnd) {
        $ackedInWindow++;
    }
};

$buffer = '';
$pending = '';
$commands = [];
$stopped = false;
while (true) {
    $now = hrtime(true);
    if ($now >= $deadline) {
        sb_fail("still running after --max-seconds {$o['max-seconds']}");
    }
    if ($running && !$stopped && $now >= $windowEnd) {
        $stopped = true;
        $ackBy = $now + (int) ($o['ack-drain'] * 1e9);
    }
    if ($stopped && $out === '' && ($window === 0 || $acked >= $seq || $now >= $ackBy)) {
        break;
    }
    if (!$running && $now >= $nextProbe && strlen($out) < 65536) {
        $out .= sb_request(['type' => 'publish', 'channels' => $channels, 'data' => 'probe']);
        $nextProbe = $now + $probeEvery;
    }
    $wait = 200000; // µs, when only reads are awaited
    if ($running && !$stopped) {
        $due = $rate > 0 ? (int) (($now - $origin) / 1e9 * $rate) + 1 : PHP_INT_MAX;
        $batch = 0;
        while ($seq < $due && ($window === 0 || $seq - $acked < $window) && strlen($out) < 65536
            && $batch++ < 1024) {
            $data = sb_data($o['shape'], $seq, hrtime(true), $id, $padding);
            $out .= sb_request(['type' => 'publish', 'channels' => $channels, 'data' => $data]);
            if ($now >= $windowStart) {
                $sentInWindow++;
            }
            $seq++;
        }
        if ($rate > 0 && $seq >= $due) {
            $nextAt = $origin + (int) ($seq / $rate * 1e9);
            $wait = max(0, min($wait, intdiv($nextAt - hrtime(true), 1000)));
        }
    } elseif (!$running) {
        $wait = max(0, min($wait, intdiv($nextProbe - $now, 1000)));
    }
    $out = sb_flush($sock, $out);
    $canPublishNow = $running && !$stopped && $out === '' && $rate == 0
        && ($window === 0 || $seq - $acked < $window);
    sb_wait($sock, $o['control'], $out !== '', $canPublishNow ? 0 : $wait, $buffer, $onPayload,
        $pending, $commands);
    foreach ($commands as $command) {
        if ($command === 'go' && !$running) {
            $start();
            sb_json(['event' => 'window', 'start' => $windowStart, 'end' => $windowEnd]);
        } elseif ($command !== '') {
            sb_fail("unknown command: $command");
        }
    }
    $commands = [];
}

$seconds = ($windowEnd - $windowStart) / 1e9;
sb_json(['event' => 'done', 'sent' => $seq, 'acked' => $window > 0 ? $acked : $seq,
    'sentInWindow' => $sentInWindow, 'ackedInWindow' => $ackedInWindow, 'seconds' => $seconds,
    'publishesPerSecond' => round(($window > 0 ? $ackedInWindow : $sentInWindow) / $seconds, 1),
    'backwards' => $backwards, 'malformed' => $malformed]);
fclose($sock);
