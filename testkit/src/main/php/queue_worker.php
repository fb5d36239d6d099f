<?php
// A worker of Workerman Channel's queue, as Channel\Client::watch($queue, $cb) with autoReserve
// does it: watch, reserve, and after each item reserve again (which also acknowledges it).
// Usage: php queue_worker.php <host> <port> <queue> <items> [hold]
// Prints "ready", then "item <queue> <json data>" per item; with "hold" it prints
// "holding <json data>" for its first item and waits (never reserving again) until killed.
// Exits 0 after <items> items, 3 when none came for 30 s, 4 when the connection closed.

declare(strict_types=1);
require __DIR__ . '/frame.php';

[$self, $host, $port, $queue, $items] = $argv;
$hold = ($argv[5] ?? '') === 'hold';
$sock = sb_connect($host, (int) $port);
sb_write_frame($sock, serialize(['type' => 'watch', 'channels' => [$queue]]));
sb_write_frame($sock, serialize(['type' => 'reserve']));
sb_say('ready');
$got = 0;
while ($got < (int) $items) {
    $payload = sb_read_frame($sock, 30.0);
    if ($payload === null) {
        sb_say('idle');
        exit(3);
    }
    if ($payload === false) {
        sb_say('closed');
        exit(4);
    }
    if ($payload === '') {
        continue;
    }
    $message = unserialize($payload, ['allowed_classes' => false]);
    if (!is_array($message) || ($message['type'] ?? null) !== 'queue') {
        sb_say('other ' . json_encode($message));
        continue;
    }
    $got++;
    if ($hold) {
        sb_say('holding ' . json_encode($message['data']));
        while (true) {
            sleep(60);
        }
    }
    sb_say('item ' . $message['channel'] . ' ' . json_encode($message['data']));
    sb_write_frame($sock, serialize(['type' => 'reserve']));
}
fclose($sock);
