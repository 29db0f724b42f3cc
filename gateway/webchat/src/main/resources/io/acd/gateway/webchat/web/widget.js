/*
 * The web chat widget: no framework, no build step. On the engine's own page (/chat/) it fills the page; on
 * another site, <script src="https://HOST/chat/widget.js" data-float data-queue="chat"></script> puts a chat
 * button in the corner. The session (its id and token) is kept in sessionStorage, so a reloaded page goes on
 * with the same chat and gets its transcript back.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var base = script ? new URL('.', script.src).href : location.origin + '/chat/';
  var SESSION = 'acd-chat-session';
  var VISITOR = 'acd-chat-visitor';
  var ENDED = { wrap_up: true, completed: true, abandoned: true };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function field(form, label, name, type) {
    var wrap = el('label', null, label);
    var input = el(type === 'textarea' ? 'textarea' : 'input');
    if (type !== 'textarea') input.type = type;
    input.name = name;
    input.id = 'acd-' + name;
    wrap.appendChild(input);
    form.appendChild(wrap);
    return input;
  }

  function randomId(bytes) {
    var a = new Uint8Array(bytes);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function visitorId() {
    try {
      var id = localStorage.getItem(VISITOR);
      if (!id) { id = randomId(16); localStorage.setItem(VISITOR, id); }
      return id;
    } catch (e) { return randomId(16); }
  }

  function clock(iso) {
    var d = new Date(iso);
    return ('0' + d.getHours()).slice(-2) + ':' + ('0' + d.getMinutes()).slice(-2);
  }

  function mount(root, options) {
    options = options || {};
    root.classList.add('acd-chat');
    root.innerHTML = '';
    var head = el('div', 'acd-head');
    var title = el('h1', null, 'Chat');
    var status = el('div', 'acd-status');
    status.id = 'acd-status';
    head.appendChild(title);
    head.appendChild(status);

    var form = el('form', 'acd-start');
    form.id = 'acd-start';
    var name = field(form, 'Your name', 'name', 'text');
    var email = field(form, 'E-mail (optional)', 'email', 'email');
    var first = field(form, 'How can we help?', 'first', 'textarea');
    var startButton = el('button', null, 'Start chat');
    startButton.type = 'submit';
    startButton.id = 'acd-start-button';
    form.appendChild(startButton);

    var list = el('ul', 'acd-messages');
    list.id = 'acd-messages';
    var error = el('div', 'acd-error');
    error.id = 'acd-error';
    var compose = el('form', 'acd-compose');
    var input = el('textarea');
    input.id = 'acd-input';
    input.placeholder = 'Write a message';
    var send = el('button', null, 'Send');
    send.type = 'submit';
    send.id = 'acd-send';
    var leave = el('button', 'acd-secondary', 'End');
    leave.type = 'button';
    leave.id = 'acd-leave';
    var again = el('button', null, 'Start a new chat');
    again.type = 'button';
    again.id = 'acd-again';
    compose.appendChild(input);
    compose.appendChild(send);
    compose.appendChild(leave);
    compose.appendChild(again);

    [head, form, list, error, compose].forEach(function (n) { root.appendChild(n); });

    var queue = null;
    var session = load();
    var socket = null;
    var opened = false;
    var failures = 0;
    var ended = false;
    var outbox = [];
    var bubbles = {};

    function load() {
      try { return JSON.parse(sessionStorage.getItem(SESSION)); } catch (e) { return null; }
    }

    function save(s) {
      session = s;
      if (s) sessionStorage.setItem(SESSION, JSON.stringify(s)); else sessionStorage.removeItem(SESSION);
    }

    function show(phase) {
      form.classList.toggle('acd-hidden', phase !== 'start');
      list.classList.toggle('acd-hidden', phase === 'start');
      compose.classList.toggle('acd-hidden', phase === 'start');
      input.disabled = send.disabled = leave.disabled = phase === 'ended';
      again.classList.toggle('acd-hidden', phase !== 'ended');
      leave.classList.toggle('acd-hidden', phase === 'ended');
      root.setAttribute('data-phase', phase);
    }

    function startOver() {
      save(null);
      ended = false;
      bubbles = {};
      outbox = [];
      list.innerHTML = '';
      status.textContent = '';
      error.textContent = '';
      show('start');
    }

    function render(m) {
      var draft = m.clientId && bubbles['client:' + m.clientId];
      var li = bubbles[m.messageId];
      if (li && draft && draft !== li) draft.remove();
      li = li || draft;
      if (!li) {
        li = el('li', 'acd-msg ' + m.direction);
        li.appendChild(el('span', 'acd-text'));
        li.appendChild(el('span', 'acd-meta'));
        list.appendChild(li);
      }
      if (m.clientId) delete bubbles['client:' + m.clientId];
      bubbles[m.messageId] = li;
      li.classList.remove('pending');
      li.setAttribute('data-id', m.messageId);
      li.querySelector('.acd-text').textContent = m.text;
      li.querySelector('.acd-meta').textContent = clock(m.sentAt);
      list.scrollTop = list.scrollHeight;
      if (m.direction === 'out' && m.status !== 'delivered') {
        transmit({ type: 'received', messageId: m.messageId });
      }
    }

    function onState(frame) {
      root.setAttribute('data-status', frame.status);
      if (ENDED[frame.status]) {
        ended = true;
        status.textContent = 'The chat has ended.';
        show('ended');
        return;
      }
      show('chat');
      if (frame.status === 'connected') {
        status.textContent = 'You are chatting with ' + (frame.agent ? frame.agent.name : 'an agent');
      } else {
        var text = 'Waiting for an agent';
        if (frame.position) text += ' · number ' + frame.position + ' in line';
        if (frame.estimatedWaitMs != null) text += ' · about ' + Math.max(1, Math.round(frame.estimatedWaitMs / 60000)) + ' min';
        status.textContent = text + '…';
      }
    }

    function onFrame(frame) {
      switch (frame.type) {
        case 'transcript':
          frame.messages.forEach(function (m) { render(m); });
          break;
        case 'message':
          render(frame);
          break;
        case 'state':
          onState(frame);
          break;
        case 'error':
          if (frame.error === 'unknown_session') { startOver(); }
          error.textContent = frame.message;
          break;
      }
    }

    function transmit(frame) {
      if (socket && socket.readyState === 1) socket.send(JSON.stringify(frame));
      else if (frame.type === 'message') outbox.push(frame);
    }

    function connect() {
      if (!session) return;
      show('chat');
      opened = false;
      var url = base.replace(/^http/, 'ws') + 'v1/sessions/' + session.id + '/socket?token=' + encodeURIComponent(session.token);
      socket = new WebSocket(url);
      socket.onopen = function () {
        opened = true;
        failures = 0;
        error.textContent = '';
        var pending = outbox;
        outbox = [];
        pending.forEach(transmit);
      };
      socket.onmessage = function (e) { onFrame(JSON.parse(e.data)); };
      socket.onclose = function () {
        socket = null;
        if (ended || !session) return;
        failures++;
        if (!opened && failures >= 2) {
          // A socket refused before it opened may be a chat the engine does not know: ask plainly.
          fetch(url.replace(/^ws/, 'http')).then(function (r) {
            if (r.status === 404) { startOver(); } else { retry(); }
          }, retry);
        } else {
          retry();
        }
      };
    }

    function retry() {
      error.textContent = 'Reconnecting…';
      setTimeout(connect, Math.min(10000, 500 * Math.pow(2, Math.min(failures, 5))));
    }

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      startButton.disabled = true;
      error.textContent = '';
      fetch(base + 'v1/sessions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ queue: queue, name: name.value, email: email.value, text: first.value,
          visitorId: visitorId() })
      }).then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, body: body }; });
      }).then(function (r) {
        startButton.disabled = false;
        if (!r.ok) { error.textContent = r.body.message; return; }
        save({ id: r.body.sessionId, token: r.body.token });
        first.value = '';
        connect();
      }, function () {
        startButton.disabled = false;
        error.textContent = 'The chat could not be started; try again.';
      });
    });

    compose.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      var clientId = randomId(8);
      var li = el('li', 'acd-msg in pending');
      li.appendChild(el('span', 'acd-text', text));
      li.appendChild(el('span', 'acd-meta', 'sending…'));
      list.appendChild(li);
      list.scrollTop = list.scrollHeight;
      bubbles['client:' + clientId] = li;
      input.value = '';
      transmit({ type: 'message', text: text, clientId: clientId });
    });

    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); compose.requestSubmit(); }
    });
    leave.addEventListener('click', function () { transmit({ type: 'leave' }); });
    again.addEventListener('click', startOver);
    setInterval(function () { transmit({ type: 'ping' }); }, 25000);

    show(session ? 'chat' : 'start');
    fetch(base + 'v1/config').then(function (r) { return r.json(); }).then(function (config) {
      title.textContent = config.title;
      input.maxLength = first.maxLength = config.maxMessageLength;
      queue = options.queue && config.queues.indexOf(options.queue) >= 0 ? options.queue : config.queues[0];
      if (session) connect();
    }, function () { error.textContent = 'Chat is not available right now.'; });
  }

  window.AcdChat = { mount: mount };

  if (script && script.hasAttribute('data-float')) {
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = base + 'chat.css';
    document.head.appendChild(css);
    var corner = el('div', 'acd-float');
    var panel = el('div', 'acd-hidden');
    var button = el('button', null, 'Chat with us');
    button.addEventListener('click', function () { panel.classList.toggle('acd-hidden'); });
    corner.appendChild(panel);
    corner.appendChild(button);
    var place = function () {
      document.body.appendChild(corner);
      mount(panel, { queue: script.getAttribute('data-queue') });
      if (sessionStorage.getItem(SESSION)) panel.classList.remove('acd-hidden');
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', place); else place();
  }
})();
