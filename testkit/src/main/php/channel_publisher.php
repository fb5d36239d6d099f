<?php
// A Workerman Channel publisher, as Channel\Client::publish() writes (fire and forget: the server
// answers nothing). Only PHP's own serialize()/pack().
//
//   php channel_publisher.php HOST PORT TYPE CHANNELS COUNT DATA [--newline] [--then CHANNEL]
//
// TYPE is publish or publishLoop; CHANNELS comma-separated. DATA is `seq` (the data is the
// publish's number, 1..COUNT) or `mixed` (an array of every kind of value, with 'seq'). With
// --newline each payload ends with "\n", as servers before Channel v1.2.2 wrote them. With --then
// a last `publish` of the string "end" goes to CHANNEL. Output lines:
//   sent JSON        the data of each publish, as json_encode() writes it
//   published N      all N written (then the script waits for the server to close nothing, 1 s)

declare(strict_types=1);
require __DIR__ . '/frame.php';

$host = $argv[1];
$port = (int) $argv[2];
$type = $argv[3];
$channels = explode(',', $argv[4]);
$count = (int) $argv[5];
$kind = $argv[6];
$newline = in_array('--newline', $argv, true);
$then = null;
for ($i = 7; $i < count($argv); $i++) {
    if ($argv[$i] === '--then') {
        $then = $argv[++$i];
    }
}

function data_of(string $kind, int $seq)
{
    if ($kind === 'seq') {
        return $seq;
    }
    return [
        'seq' => $seq,
        'int' => 42,
        'negative' => -7,
        'max' => PHP_INT_MAX,
        'float' => 1.5,
        'whole' => 2.0,
        'tiny' => 1.0E-10,
        'text' => "héllo ✓ 日本語 😀 \"quoted\" \\ /",
        'true' => true,
        'false' => false,
        'null' => null,
        'list' => [1, 'two', 3.25, [4, [5, [6]]]],
        'map' => ['a' => ['b' => ['c' => 'deep']]],
        'empty' => [],
        'intKeys' => [5 => 'five', 7 => 'seven'],
        'zero' => '0',
    ];
}

$sock = sb_connect($host, $port);
for ($seq = 1; $seq <= $count; $seq++) {
    $data = data_of($kind, $seq);
    $payload = serialize(['type' => $type, 'channels' => $channels, 'data' => $data]);
    if (!sb_write_frame($sock, $newline ? $payload . "\n" : $payload)) {
        sb_say('closed');
        exit(1);
    }
    sb_say('sent ' . json_encode($data,
        JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION));
}
if ($then !== null) {
    sb_write_frame($sock, serialize(['type' => 'publish', 'channels' => [$then], 'data' => 'end']));
}
sb_say("published $count");
// nothing comes back on a publisher's connection: anything would be a frame Channel\Client
// cannot read
$extra = sb_read_frame($sock, 0.5);
if (is_string($extra)) {
    sb_say('bad ' . bin2hex($extra));
}
fclose($sock);
