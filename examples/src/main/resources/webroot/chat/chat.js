// Switchboard chat page: one connection to the gateway this page was served from, through the
// gateway's client library (/switchboard-client.js: reconnects with backoff, queues while away).
// Protocol (JSON text frames):
//   client -> server  {"cmd":"join","room":"lobby","name":"alice"[,"secret":"..."]}   {"cmd":"say","text":"hello"}
//   server -> client  {"type":"welcome","client":"<id>","node":"node1"}
//                     {"type":"claimed","name":"alice","secret":"..."}   (to the first user of a name only)
//                     {"type":"joined","room":"lobby","name":"alice","client":"<id>"}
//                     {"type":"say","room":"lobby","from":"alice","client":"<id>","text":"hello"}
//                     {"type":"error","reason":"..."}
//                     {"type":"push","text":"..."}   (from the cluster push example or a business service)
// Received data is only ever shown through textContent. Names are claimed first come, first served:
// the secret of a name this browser claimed is kept in localStorage and sent with later joins under
// that name (after a reconnect, or from another tab), so that nobody else can take the name over.
import { connect } from '/switchboard-client.js';

(function () {
  'use strict';

  var MAX_LOG_ENTRIES = 500;

  var $ = function (id) { return document.getElementById(id); };
  var statusEl = $('status');
  var nameEl = $('name');
  var roomEl = $('room');
  var joinBtn = $('join');
  var currentEl = $('current');
  var textEl = $('text');
  var sendBtn = $('send');
  var logEl = $('log');

  var client = null;        // the library's client, made at the end
  var clientId = null;       // from the welcome of the current connection
  var wanted = null;         // {room, name} of the last join the user asked for; re-sent after a reconnect
  var joinedRoom = null;     // room the server confirmed for this connection
  var countdownTimer = null;

  nameEl.value = 'guest-' + (1000 + Math.floor(Math.random() * 9000));

  function setStatus(state, text) {
    statusEl.setAttribute('data-state', state);
    statusEl.textContent = text;
  }

  function setJoined(room) {
    joinedRoom = room;
    var on = room !== null;
    textEl.disabled = !on;
    sendBtn.disabled = !on;
    textEl.placeholder = on ? 'say something in ' + room : 'join a room to talk';
    currentEl.textContent = on ? 'in ' + room : 'not in a room';
  }

  function append(kind, parts, mine) {
    var atBottom = logEl.scrollHeight - logEl.scrollTop - logEl.clientHeight < 40;
    var div = document.createElement('div');
    div.className = 'msg ' + kind + (mine ? ' mine' : '');
    div.setAttribute('data-at', String(Date.now()));
    div.title = new Date().toLocaleTimeString();
    parts.forEach(function (p) {
      if (typeof p === 'string') {
        div.appendChild(document.createTextNode(p));
      } else {
        var span = document.createElement('span');
        span.className = p.cls;
        span.textContent = p.text;
        div.appendChild(span);
      }
    });
    logEl.appendChild(div);
    while (logEl.childElementCount > MAX_LOG_ENTRIES) {
      logEl.removeChild(logEl.firstElementChild);
    }
    if (atBottom) {
      logEl.scrollTop = logEl.scrollHeight;
    }
  }

  function str(v) {
    return v === undefined || v === null ? '' : String(v);
  }

  function send(obj) {
    return client.send(JSON.stringify(obj)) === 'sent';
  }

  var SECRET_KEY = 'switchboard.chat.secret.';

  function storedSecret(name) {
    try {
      return window.localStorage.getItem(SECRET_KEY + name);
    } catch (e) {
      return null; // storage disabled: the name holds for this connection only
    }
  }

  function storeSecret(name, secret) {
    try {
      window.localStorage.setItem(SECRET_KEY + name, secret);
    } catch (e) {
      // storage disabled or full
    }
  }

  function sendJoin() {
    if (wanted && clientId !== null) {
      var join = { cmd: 'join', room: wanted.room, name: wanted.name };
      var secret = storedSecret(wanted.name);
      if (secret) {
        join.secret = secret;
      }
      send(join);
    }
  }

  function onMessage(data) {
    var m;
    try {
      m = JSON.parse(data);
    } catch (e) {
      append('error', ['error: unreadable message from the server']);
      return;
    }
    if (!m || typeof m !== 'object') {
      return;
    }
    switch (m.type) {
      case 'welcome':
        clientId = str(m.client);
        statusEl.setAttribute('data-client', clientId);
        statusEl.setAttribute('data-node', str(m.node));
        setStatus('connected', 'connected as ' + clientId + ' on ' + str(m.node));
        sendJoin();
        break;
      case 'claimed':
        storeSecret(str(m.name), str(m.secret));
        break;
      case 'joined':
        var mineJoin = clientId !== null && str(m.client) === clientId;
        if (mineJoin) {
          setJoined(str(m.room));
        }
        append('joined', [{ cls: 'who', text: str(m.name) }, ' joined ' + str(m.room)], mineJoin);
        break;
      case 'say':
        append('say', [{ cls: 'who', text: str(m.from) }, ': ' + str(m.text)],
          clientId !== null && str(m.client) === clientId);
        break;
      case 'error':
        append('error', ['error: ' + str(m.reason)]);
        break;
      case 'push':
        append('push', [{ cls: 'who', text: 'push' }, ': ' + str(m.text)]);
        break;
      default:
        break; // unknown types are ignored, so the server can add some
    }
  }

  function onClose(ev) {
    var wasConnected = clientId !== null;
    clientId = null;
    statusEl.removeAttribute('data-client');
    statusEl.removeAttribute('data-node');
    setJoined(null);
    var why = ev.code && ev.code !== 1006
      ? ' (' + ev.code + (ev.reason ? ' ' + ev.reason : '') + ')' : '';
    if (wasConnected) {
      append('info', ['connection lost' + why]);
    }
    if (!ev.willRetry) {
      setStatus('disconnected', 'disconnected' + why);
    }
  }

  function onReconnecting(ev) {
    var due = Date.now() + ev.delay;
    var tick = function () {
      var s = Math.max(0, Math.ceil((due - Date.now()) / 1000));
      setStatus('disconnected', 'disconnected… reconnecting in ' + s + ' s');
    };
    tick();
    clearInterval(countdownTimer);
    countdownTimer = setInterval(tick, 500);
  }

  function onConnecting() {
    clearInterval(countdownTimer);
    setStatus('disconnected', 'disconnected… connecting');
  }

  $('join-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var name = nameEl.value.trim();
    var room = roomEl.value.trim();
    if (!name || !room) {
      append('info', ['a name and a room are needed to join']);
      return;
    }
    wanted = { room: room, name: name };
    if (clientId !== null) {
      sendJoin();
    } else {
      append('info', ['not connected: will join ' + room + ' once connected']);
      client.retryNow();
    }
  });

  $('say-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = textEl.value;
    if (joinedRoom === null || !text.trim()) {
      return;
    }
    if (send({ cmd: 'say', text: text })) {
      textEl.value = '';
    }
    textEl.focus();
  });

  client = connect({ urls: ['/'] }); // the WebSocket path of the gateway serving this page
  client.on('message', onMessage);
  client.on('open', onConnecting); // until the welcome
  client.on('close', onClose);
  client.on('reconnecting', onReconnecting);
  window.addEventListener('online', function () { client.retryNow(); });
  onConnecting();
})();
