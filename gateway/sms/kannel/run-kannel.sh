#!/usr/bin/env bash
# Starts Kannel (bearerbox + smsbox, Debian's `kannel` package) set up for the SMS adapter: smsbox calls the
# engine with each SMS that arrives, the engine sends replies through smsbox's sendsms interface, and the SMSC
# is Kannel's fake one, which Kannel's test client `fakesmsc` (package `kannel-extras`) connects to, to play the
# phones: it sends an SMS and prints each one it gets. For a real operator, replace the `smsc` group of the
# written kannel.conf with the operator's (SMPP, say) and run the boxes the same way.
# Usage: bin/acd kannel --secret S [--password P] [--engine http://127.0.0.1:8080] [--dir data/kannel]
#                       [--sendsms-port 13013] [--smsc-port 10000] [--smsbox-port 13001] [--admin-port 13000]
set -euo pipefail

dir="data/kannel"; engine="http://127.0.0.1:8080"; secret=""; password=""
sendsms_port=13013; smsc_port=10000; smsbox_port=13001; admin_port=13000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --engine) engine="$2"; shift 2 ;;
    --secret) secret="$2"; shift 2 ;;
    --password) password="$2"; shift 2 ;;
    --sendsms-port) sendsms_port="$2"; shift 2 ;;
    --smsc-port) smsc_port="$2"; shift 2 ;;
    --smsbox-port) smsbox_port="$2"; shift 2 ;;
    --admin-port) admin_port="$2"; shift 2 ;;
    *) echo "Unknown option: $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
for tool in bearerbox smsbox; do
  if ! command -v "$tool" >/dev/null 2>&1 && [[ ! -x "/usr/sbin/$tool" ]]; then
    echo "No $tool here: install Debian's kannel (and kannel-extras for fakesmsc)" >&2; exit 1
  fi
done
# Kannel reads %x in its URLs as its own escapes, so the secret that goes into the get-url holds none.
if [[ ! "$secret" =~ ^[A-Za-z0-9_-]{16,}$ ]]; then
  echo "--secret is 16 or more letters, digits, _ or - (acd.channels.sms.secret of the engine)" >&2; exit 2
fi
password="${password:-$secret}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
conf="$dir/kannel.conf"
cat > "$conf" <<CONF
group = core
admin-port = $admin_port
admin-password = "$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
admin-interface = 127.0.0.1
smsbox-port = $smsbox_port
smsbox-interface = 127.0.0.1
box-allow-ip = "127.0.0.1"
log-file = "$dir/bearerbox.log"
log-level = 1
# Messages in flight are kept on disk: a restarted bearerbox still sends what it had taken.
store-type = file
store-location = "$dir/store"
dlr-storage = internal
# The parts of a long SMS arrive as one message.
sms-combine-concatenated-mo = true

group = smsc
smsc = fake
smsc-id = fake
port = $smsc_port
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = $smsbox_port
sendsms-port = $sendsms_port
sendsms-interface = 127.0.0.1
log-file = "$dir/smsbox.log"
log-level = 1
# UCS-2 messages reach the engine as UTF-8.
mo-recode = true
# A call the engine did not answer with 2xx is made again, this many times, this many seconds apart.
http-request-retry = 5
http-queue-delay = 5
# Calls to the engine at once. Kannel's default (512) opens that many connections when a burst arrives; the
# engine then answers each late, and a few calls wait for Kannel's own timeout (minutes) before their retry.
max-pending-requests = 32

group = sendsms-user
username = acd
password = "$password"
# A reply longer than one SMS goes as a concatenated message of up to this many parts.
concatenation = true
max-messages = 10

group = sms-service
keyword = default
catch-all = true
get-url = "$engine/v1/channels/sms/kannel?secret=$secret&from=%p&to=%P&text=%b&id=%I"
# The engine's answer is not an SMS: agents answer later, through sendsms.
max-messages = 0
CONF
pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait; }
trap stop EXIT INT TERM
PATH="$PATH:/usr/sbin"
bearerbox "$conf" >"$dir/bearerbox.out" 2>&1 & pids+=($!)
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 1 100); do up "$smsbox_port" && break; sleep 0.1; done
smsbox "$conf" >"$dir/smsbox.out" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do up "$sendsms_port" && break; sleep 0.1; done
if ! up "$sendsms_port"; then echo "Kannel did not start: see $dir/*.log" >&2; exit 1; fi
echo "Kannel ready: sendsms on http://127.0.0.1:$sendsms_port/cgi-bin/sendsms (user acd), fake SMSC on port $smsc_port"
echo "Try a phone: /usr/lib/kannel/test/fakesmsc -H 127.0.0.1 -r $smsc_port -m 1 '+48600111222 <your number> text Hello'"
wait -n "${pids[@]}"
