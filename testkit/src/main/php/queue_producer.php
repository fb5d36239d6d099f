<?php
// A producer of Workerman Channel's queue, as Channel\Client::enqueue($queue, $data) does it
// (no answer on the wire). Usage: php queue_producer.php <host> <port> <queue> <count> <tag>
// Enqueues ['tag' => <tag>, 'n' => 0..count-1], then prints "enqueued <count>".

declare(strict_types=1);
require __DIR__ . '/frame.php';

[$self, $host, $port, $queue, $count, $tag] = $argv;
$sock = sb_connect($host, (int) $port);
for ($n = 0; $n < (int) $count; $n++) {
    if (!sb_write_frame($sock, serialize(['type' => 'enqueue', 'channels' => [$queue],
            'data' => ['tag' => $tag, 'n' => $n]]))) {
        sb_say('closed');
        exit(4);
    }
}
sb_say("enqueued $count");
fclose($sock);
