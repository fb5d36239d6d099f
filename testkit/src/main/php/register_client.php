<?php
// A client of GatewayWorker's Register (text protocol: one JSON object per line), as a
// BusinessWorker or GatewayClient talks to it. Prints one line per event:
//   addresses <json array>   a broadcast_addresses line
//   error <reason>           an error line
//   line <text>              any other line
//   closed                   the Register closed the connection
//   timeout                  nothing came for the read timeout (then it keeps waiting)
// Usage: php register_client.php <host> <port> worker [secret]
//        php register_client.php <host> <port> raw <line sent as is, then \n>
//        php register_client.php <host> <port> long <bytes>   (a line of that many bytes)
//        php register_client.php <host> <port> once [secret]  (GatewayClient: the first answer only)
//        php register_client.php <host> <port> silent         (sends nothing)
[$self, $host, $port, $mode] = array_slice($argv, 0, 4) + [null, null, null, null];
$arg = $argv[4] ?? '';
$sock = @stream_socket_client("tcp://$host:$port", $errno, $errstr, 5);
if (!$sock) {
    echo "connect-failed $errstr\n";
    exit(2);
}
switch ($mode) {
    case 'worker':
    case 'once':
        fwrite($sock, json_encode(['event' => 'worker_connect', 'secret_key' => $arg]) . "\n");
        break;
    case 'raw':
        fwrite($sock, $arg . "\n");
        break;
    case 'silent':
        break;
    case 'long':
        fwrite($sock, str_repeat('x', (int) $arg) . "\n");
        break;
    default:
        echo "usage\n";
        exit(2);
}
echo "connected\n";
stream_set_timeout($sock, 30);
while (true) {
    $line = fgets($sock, 1 << 20);
    if ($line === false) {
        if (feof($sock)) {
            echo "closed\n";
            exit(0);
        }
        echo "timeout\n";
        continue;
    }
    $data = json_decode(trim($line), true);
    if (is_array($data) && ($data['event'] ?? null) === 'broadcast_addresses') {
        echo 'addresses ', json_encode($data['addresses']), "\n";
    } elseif (is_array($data) && ($data['event'] ?? null) === 'error') {
        echo 'error ', $data['reason'], "\n";
    } else {
        echo 'line ', trim($line), "\n";
    }
    if ($mode === 'once') {
        exit(0);
    }
}
