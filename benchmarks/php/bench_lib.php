<?php
// Shared parts of the PHP load scripts of benchmarks/channel-php.sh: options, a non-blocking
// connection speaking Workerman's Frame protocol (a big-endian uint32 length that counts its own
// 4 bytes, then the payload, here PHP serialize() of an array, as Workerman Channel's client
// sends it), the benchmark's data (sequence number, send time, publisher id) and a latency
// histogram. Only PHP's own functions. Single-threaded: one process per publisher or subscriber.

declare(strict_types=1);

/** Largest frame accepted from the server (Workerman's default maximum package size, 10 MB). */
const SB_MAX_FRAME = 10 * 1024 * 1024;
/** Digits of the sequence number and of the send time in the data. */
const SB_DIGITS = 19;
/** Characters of the publisher id in the data. */
const SB_ID_CHARS = 8;
/** Smallest data size: sequence, send time, publisher id and their separators. */
const SB_MIN_SIZE = 2 * SB_DIGITS + SB_ID_CHARS + 2;
/** Sub-buckets per power of two of the latency histogram (relative error below 1/128). */
const SB_SUB_BUCKETS = 128;

/** Stops with status 2 and a one-line reason on standard error. */
function sb_fail(string $why): void
{
    fwrite(STDERR, basename($_SERVER['argv'][0] ?? 'php') . ": $why\n");
    exit(2);
}

/**
 * Parses --name value options against defaults; flags (default false) take no value.
 *
 * @param array<string, mixed> $defaults
 * @return array<string, mixed>
 */
function sb_options(array $argv, array $defaults, string $usage): array
{
    $options = $defaults;
    for ($i = 1; $i < count($argv); $i++) {
        $arg = $argv[$i];
        if ($arg === '--help' || $arg === '-h') {
            fwrite(STDOUT, $usage);
            exit(0);
        }
        $name = substr($arg, 2);
        if (strncmp($arg, '--', 2) !== 0 || !array_key_exists($name, $defaults)) {
            sb_fail("unknown option $arg (--help lists them)");
        }
        if ($defaults[$name] === false) {
            $options[$name] = true;
            continue;
        }
        if ($i + 1 >= count($argv)) {
            sb_fail("$arg needs a value");
        }
        $value = $argv[++$i];
        if (is_int($defaults[$name])) {
            if (preg_match('/^-?\d{1,12}$/', $value) !== 1) {
                sb_fail("$arg takes an integer: $value");
            }
            $value = (int) $value;
        } elseif (is_float($defaults[$name])) {
            if (!is_numeric($value)) {
                sb_fail("$arg takes a number: $value");
            }
            $value = (float) $value;
        }
        $options[$name] = $value;
    }
    return $options;
}

/** Checks that an option lies within [min, max]. */
function sb_bounded(array $options, string $name, float $min, float $max): void
{
    if ($options[$name] < $min || $options[$name] > $max) {
        sb_fail("--$name must be between $min and $max: {$options[$name]}");
    }
}

/** Connects over TCP with TCP_NODELAY (as the Java clients), then makes the socket non-blocking. */
function sb_open(string $host, int $port)
{
    $context = stream_context_create(['socket' => ['tcp_nodelay' => true]]);
    $sock = @stream_socket_client("tcp://$host:$port", $errno, $errstr, 10.0,
        STREAM_CLIENT_CONNECT, $context);
    if ($sock === false) {
        sb_fail("connect $host:$port failed: $errstr ($errno)");
    }
    stream_set_blocking($sock, false);
    stream_set_read_buffer($sock, 0);
    stream_set_write_buffer($sock, 0);
    stream_set_chunk_size($sock, 1 << 20);
    return $sock;
}

/** One frame: the length (4 + payload) as a big-endian uint32, then the payload. */
function sb_frame(string $payload): string
{
    return pack('N', 4 + strlen($payload)) . $payload;
}

/** A serialized request, framed, as Channel\Client sends it. */
function sb_request(array $request): string
{
    return sb_frame(serialize($request));
}

/**
 * Writes as much of $out as the socket takes now; returns what is left. Stops the process when
 * the connection is gone.
 */
function sb_flush($sock, string $out): string
{
    if ($out === '') {
        return '';
    }
    $n = @fwrite($sock, $out);
    if ($n === false || $n === 0) {
        if (feof($sock)) {
            sb_fail('the server closed the connection');
        }
        return $out;
    }
    return $n === strlen($out) ? '' : substr($out, $n);
}

/**
 * Reads what the socket has and hands each complete frame's payload to $onPayload (pings, empty
 * payloads, are skipped). $buffer keeps a partial frame between calls. Stops the process when the
 * connection closed or a frame length is out of bounds.
 */
function sb_read_frames($sock, string &$buffer, callable $onPayload): void
{
    $chunk = fread($sock, 1 << 20);
    if ($chunk === false || $chunk === '') {
        if (feof($sock)) {
            sb_fail('the server closed the connection');
        }
        return;
    }
    $buffer .= $chunk;
    $length = strlen($buffer);
    $at = 0;
    while ($length - $at >= 4) {
        $size = unpack('N', $buffer, $at)[1];
        if ($size < 4 || $size > SB_MAX_FRAME) {
            sb_fail("bad frame length $size from the server");
        }
        if ($length - $at < $size) {
            break;
        }
        if ($size > 4) {
            $onPayload(substr($buffer, $at + 4, $size - 4));
        }
        $at += $size;
    }
    $buffer = $at === $length ? '' : substr($buffer, $at);
}

/**
 * Unserializes an event frame {type: event, channel, data}; null when it is another array. Stops
 * the process when the payload is not a serialized array. Objects are never instantiated.
 *
 * @return array{channel: string, data: mixed}|null
 */
function sb_event(string $payload): ?array
{
    $message = @unserialize(rtrim($payload, "\n"), ['allowed_classes' => false, 'max_depth' => 16]);
    if (!is_array($message)) {
        // not the PHP protocol at all (a server answering in JSON, say): nothing to measure
        sb_fail('the server sent a frame that is not a PHP serialize() array: '
            . json_encode(substr($payload, 0, 160), JSON_INVALID_UTF8_SUBSTITUTE));
    }
    if (($message['type'] ?? null) !== 'event'
        || !is_string($message['channel'] ?? null) || !array_key_exists('data', $message)) {
        return null;
    }
    return $message;
}

/**
 * The published data: as a string (the Java benchmark's layout, a fixed-size ASCII string:
 * 19-digit sequence number, space, 19-digit send time in hrtime nanoseconds, space, publisher id
 * padded to 8 characters, then '.' up to $size) or as a PHP array of the same fields
 * (seq, t, pub, pad: the padding that brings the string form to $size).
 *
 * @return string|array<string, mixed>
 */
function sb_data(string $shape, int $seq, int $sentNanos, string $publisher, string $padding)
{
    if ($shape === 'array') {
        return ['seq' => $seq, 't' => $sentNanos, 'pub' => $publisher, 'pad' => $padding];
    }
    return sprintf('%019d %019d %s', $seq, $sentNanos, $publisher) . $padding;
}

/** The padding that brings the string form of the data to $size characters. */
function sb_padding(int $size, string $publisher): string
{
    return str_repeat('.', $size - (2 * SB_DIGITS + 2 + strlen($publisher)));
}

/** A publisher id: up to 8 of [A-Za-z0-9_-], padded with '_' to 8. */
function sb_publisher_id(string $id): string
{
    if (preg_match('/^[A-Za-z0-9_-]{1,8}$/', $id) !== 1) {
        sb_fail("--id takes 1 to 8 characters of [A-Za-z0-9_-]: $id");
    }
    return str_pad($id, SB_ID_CHARS, '_');
}

/**
 * Reads the data back: [sequence, send time, publisher id], or null when it is not the
 * benchmark's.
 *
 * @param mixed $data
 * @return array{0: int, 1: int, 2: string}|null
 */
function sb_read_data($data): ?array
{
    if (is_string($data)) {
        if (strlen($data) < SB_MIN_SIZE || $data[SB_DIGITS] !== ' '
            || $data[2 * SB_DIGITS + 1] !== ' ') {
            return null;
        }
        $seq = substr($data, 0, SB_DIGITS);
        $sent = substr($data, SB_DIGITS + 1, SB_DIGITS);
        if (!ctype_digit($seq) || !ctype_digit($sent)) {
            return null;
        }
        return [(int) $seq, (int) $sent, substr($data, 2 * SB_DIGITS + 2, SB_ID_CHARS)];
    }
    if (is_array($data) && is_int($data['seq'] ?? null) && is_int($data['t'] ?? null)
        && is_string($data['pub'] ?? null)) {
        return [$data['seq'], $data['t'], $data['pub']];
    }
    return null;
}

/**
 * The histogram key of a latency in nanoseconds: the value itself below 2 * SB_SUB_BUCKETS, else
 * its top 8 bits and its exponent (a log-linear histogram, relative error below 1/128). Keys grow
 * with the value. dev.switchboard.bench.channel.PhpHistogram reads them back.
 */
function sb_bucket(int $nanos): int
{
    if ($nanos < 2 * SB_SUB_BUCKETS) {
        return max(0, $nanos);
    }
    $shift = strlen(decbin($nanos)) - 8;
    return $shift * SB_SUB_BUCKETS + ($nanos >> $shift);
}

/** The smallest value of a bucket. */
function sb_bucket_floor(int $key): int
{
    if ($key < 2 * SB_SUB_BUCKETS) {
        return $key;
    }
    $shift = intdiv($key, SB_SUB_BUCKETS) - 1;
    return ($key - $shift * SB_SUB_BUCKETS) << $shift;
}

/**
 * The value at a quantile (nearest rank) of a histogram: the largest value of its bucket (as
 * HdrHistogram reports it), in microseconds, -1 when it is empty.
 *
 * @param array<int, int> $histogram key => count
 */
function sb_percentile_micros(array $histogram, float $quantile): float
{
    $total = array_sum($histogram);
    if ($total === 0) {
        return -1.0;
    }
    ksort($histogram);
    $rank = max(1, (int) ceil($quantile * $total));
    $seen = 0;
    foreach ($histogram as $key => $count) {
        $seen += $count;
        if ($seen >= $rank) {
            return (sb_bucket_floor($key + 1) - 1) / 1000.0;
        }
    }
    return (sb_bucket_floor((int) array_key_last($histogram) + 1) - 1) / 1000.0;
}

/** One JSON line on standard output, flushed (read by the harness). */
function sb_json(array $line): void
{
    fwrite(STDOUT, json_encode($line, JSON_UNESCAPED_SLASHES) . "\n");
    fflush(STDOUT);
}

/**
 * Waits at most $micros for the socket (and, under the harness's control, standard input) to be
 * readable, or for the socket to be writable when $wantWrite; then reads what came: frames go to
 * $onPayload, command lines to $commands. Exits 0 at the end of standard input (the harness is
 * gone).
 */
function sb_wait($sock, bool $control, bool $wantWrite, int $micros, string &$buffer,
    callable $onPayload, string &$pending, array &$commands): void
{
    $read = $control ? [$sock, STDIN] : [$sock];
    $write = $wantWrite ? [$sock] : null;
    $except = null;
    if (@stream_select($read, $write, $except, 0, max(0, $micros)) === false) {
        sb_fail('stream_select failed');
    }
    foreach ($read as $ready) {
        if ($ready === $sock) {
            sb_read_frames($sock, $buffer, $onPayload);
        } elseif (!sb_read_commands($pending, $commands)) {
            exit(0);
        }
    }
}

/**
 * Reads complete lines from standard input (non-blocking), appending them to $lines. Returns false
 * at end of input (the harness is gone).
 */
function sb_read_commands(string &$pending, array &$lines): bool
{
    $chunk = fread(STDIN, 65536);
    if ($chunk === false || ($chunk === '' && feof(STDIN))) {
        return false;
    }
    $pending .= $chunk;
    while (($at = strpos($pending, "\n")) !== false) {
        $lines[] = trim(substr($pending, 0, $at));
        $pending = substr($pending, $at + 1);
    }
    if (strlen($pending) > 4096) {
        sb_fail('a command line longer than 4096 bytes');
    }
    return true;
}
