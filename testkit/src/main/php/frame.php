<?php
// Workerman's Frame protocol for the project's PHP test scripts: each message is a big-endian
// uint32 length that counts its own 4 bytes, then the payload. Only PHP's own functions.

declare(strict_types=1);

/** Connects to host:port over TCP; exits with status 2 and the reason when it cannot. */
function sb_connect(string $host, int $port, float $timeout = 5.0)
{
    $sock = @stream_socket_client("tcp://$host:$port", $errno, $errstr, $timeout);
    if ($sock === false) {
        fwrite(STDERR, "connect $host:$port failed: $errstr ($errno)\n");
        exit(2);
    }
    stream_set_blocking($sock, true);
    return $sock;
}

/** Writes one frame; false when the connection is gone. */
function sb_write_frame($sock, string $payload): bool
{
    $data = pack('N', 4 + strlen($payload)) . $payload;
    $left = strlen($data);
    while ($left > 0) {
        $n = @fwrite($sock, $data);
        if ($n === false || $n === 0) {
            return false;
        }
        $data = substr($data, $n);
        $left -= $n;
    }
    return true;
}

/** Reads exactly $n bytes; null on timeout, false on close. */
function sb_read_exactly($sock, int $n, float $deadline)
{
    $buf = '';
    while (strlen($buf) < $n) {
        $left = $deadline - microtime(true);
        if ($left <= 0) {
            return null;
        }
        $read = [$sock];
        $write = $except = null;
        $sec = (int) floor($left);
        $ready = @stream_select($read, $write, $except, $sec, (int) (($left - $sec) * 1e6));
        if ($ready === false) {
            return false;
        }
        if ($ready === 0) {
            continue;
        }
        $chunk = fread($sock, $n - strlen($buf));
        if ($chunk === false || ($chunk === '' && feof($sock))) {
            return false;
        }
        $buf .= $chunk;
    }
    return $buf;
}

/**
 * Reads one frame: its payload ('' for a ping), null when none came within the timeout, false when
 * the connection closed.
 */
function sb_read_frame($sock, float $timeoutSeconds)
{
    $deadline = microtime(true) + $timeoutSeconds;
    $head = sb_read_exactly($sock, 4, $deadline);
    if (!is_string($head)) {
        return $head;
    }
    $length = unpack('N', $head)[1];
    if ($length < 4) {
        fwrite(STDERR, "bad frame length $length\n");
        return false;
    }
    if ($length === 4) {
        return '';
    }
    // the rest of a started frame is waited for a while longer than the caller asked
    $body = sb_read_exactly($sock, $length - 4, max($deadline, microtime(true) + 5));
    return is_string($body) ? $body : false;
}

/** Prints one line for the Java test and flushes it. */
function sb_say(string $line): void
{
    fwrite(STDOUT, $line . "\n");
    fflush(STDOUT);
}
