<?php
// A Workerman Channel subscriber, as Channel\Client speaks to its server: subscribes, then prints
// one line per frame it receives. Only PHP's own serialize()/unserialize()/pack().
//
//   php channel_subscriber.php HOST PORT CHANNELS [--ping] [--unsubscribe-after N:CHANNELS]
//       [--seconds S]
//
// CHANNELS is comma-separated. Output lines:
//   subscribed CHANNELS           the subscribe frame was written (Workerman answers nothing)
//   event CHANNEL JSON            an event, its data as json_encode() writes it
//   unsubscribed CHANNELS         the unsubscribe frame was written
//   bad HEX                       a frame that is not a serialized event (Channel\Client would fail)
//   closed                        the server closed the connection
//   done                          the time is up

declare(strict_types=1);
require __DIR__ . '/frame.php';

$host = $argv[1];
$port = (int) $argv[2];
$channels = explode(',', $argv[3]);
$ping = in_array('--ping', $argv, true);
$unsubscribeAfter = null;
$unsubscribeChannels = [];
$seconds = 60.0;
for ($i = 4; $i < count($argv); $i++) {
    if ($argv[$i] === '--unsubscribe-after') {
        [$n, $names] = explode(':', $argv[++$i], 2);
        $unsubscribeAfter = (int) $n;
        $unsubscribeChannels = explode(',', $names);
    } elseif ($argv[$i] === '--seconds') {
        $seconds = (float) $argv[++$i];
    }
}

$sock = sb_connect($host, $port);
if ($ping) {
    sb_write_frame($sock, ''); // before any request: the server must not answer it
}
sb_write_frame($sock, serialize(['type' => 'subscribe', 'channels' => $channels]));
sb_say('subscribed ' . implode(',', $channels));
if ($ping) {
    sb_write_frame($sock, '');
}

$events = 0;
$deadline = microtime(true) + $seconds;
while (($left = $deadline - microtime(true)) > 0) {
    $payload = sb_read_frame($sock, $left);
    if ($payload === null) {
        break;
    }
    if ($payload === false) {
        sb_say('closed');
        exit(0);
    }
    $message = @unserialize(rtrim($payload, "\n"), ['allowed_classes' => false]);
    if (!is_array($message) || ($message['type'] ?? null) !== 'event'
        || !array_key_exists('channel', $message) || !array_key_exists('data', $message)) {
        sb_say('bad ' . bin2hex($payload));
        continue;
    }
    $json = json_encode($message['data'],
        JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION);
    sb_say('event ' . $message['channel'] . ' ' . $json);
    $events++;
    if ($unsubscribeAfter !== null && $events === $unsubscribeAfter) {
        sb_write_frame($sock, serialize(['type' => 'unsubscribe', 'channels' => $unsubscribeChannels]));
        sb_say('unsubscribed ' . implode(',', $unsubscribeChannels));
    }
}
sb_say('done');
