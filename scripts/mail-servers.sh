#!/usr/bin/env bash
# shellcheck disable=SC2016  # single-quoted bash -c scripts expand their own "$1"/"$2"
# Throwaway mail servers for tests: Dovecot (IMAP, IMAPS, LMTP) and Postfix (SMTP submission),
# all on 127.0.0.1 with free ports, started from config files in <dir> (the system's /etc/dovecot
# and /etc/postfix are neither used nor changed, and no system service is started).
#
#   scripts/mail-servers.sh start <dir>   install packages if missing, start the servers for <dir>
#                                         (or reuse the ones already running there) and print
#                                         KEY=value lines on stdout (list below)
#   scripts/mail-servers.sh stop <dir>    stop them and delete everything the start created
#                                         (exit 0 even when nothing is running)
#
# Needs Debian 12 (bookworm) and root: packages dovecot-imapd dovecot-lmtpd postfix openssl are
# apt-installed on first use (no recommends; policy-rc.d keeps the packages from starting system
# instances; postfix is preseeded "No configuration"). No systemd needed. Several <dir>s can run
# at once: starts are serialised with a lock file and every instance gets its own ports, sockets,
# queue and state directories.
#
# What runs (see the generated configs in <dir>/srv):
#   IMAP   IMAP_PORT   plaintext + STARTTLS (self-signed cert for localhost/127.0.0.1, TLS_CERT)
#   IMAPS  IMAPS_PORT  implicit TLS, same cert
#          CONDSTORE, QRESYNC, SPECIAL-USE, IDLE (notify interval 1 s); mailboxes INBOX plus
#          Drafts Sent Archive Junk Trash (auto-created and subscribed, special-use flags set);
#          LOGIN / AUTH PLAIN allowed without TLS (loopback only)
#   LMTP   LMTP_PORT   Dovecot LMTP, no auth: delivers straight into a user's INBOX (synchronous,
#          the message is in the mailbox when the 250 reply arrives; the test helper uses it)
#   SMTP   SMTP_PORT   Postfix submission: AUTH PLAIN/LOGIN (SASL via Dovecot) required for every
#          message, STARTTLS offered (same self-signed cert), AUTH also allowed without TLS.
#          Recipients @MAIL_DOMAIN that exist are delivered into Dovecot over LMTP; unknown local
#          users get 550; mail for any other domain is accepted and discarded.
#   SMTPS  SMTPS_PORT  the same over implicit TLS
#   Users  MAIL_USER_1 / MAIL_PASS_1 (alice@example.test), MAIL_USER_2 / MAIL_PASS_2 (bob@...)
#   Tuned for tests: no delay after a failed login and no per-IP login penalty (Dovecot would
#   otherwise make the next login from 127.0.0.1 wait 2-15 s), mail_fsync = never.
#
# Timing (2-core VM): start ~0.5 s, stop ~0.4 s; the first start on a machine without the
# packages adds apt-get update + install (~15 s with a fast mirror).
#
# stdout (only these lines): IMAP_HOST IMAP_PORT IMAPS_PORT SMTP_HOST SMTP_PORT SMTPS_PORT
#   LMTP_HOST LMTP_PORT MAIL_DOMAIN MAIL_USER_1 MAIL_PASS_1 MAIL_USER_2 MAIL_PASS_2 TLS_CERT
#   MAIL_SERVERS_DIR (the runtime directory).
# Logs: <dir>/dovecot.log, <dir>/postfix.log (links into the runtime dir); progress on stderr.
#
# The runtime directory is <dir>/srv when the daemons' users (mail, dovenull, postfix) can reach
# it and its path is short enough for unix sockets, otherwise a mktemp directory in /tmp
# (recorded in <dir>/runtime-path). <dir> itself is made traversable (chmod o+x) if needed.
set -euo pipefail

MAIL_DOMAIN=example.test
USERS=("alice@$MAIL_DOMAIN" "bob@$MAIL_DOMAIN")
PASSWORDS=("alice-password-1" "bob-password-2")
PACKAGES=(dovecot-imapd dovecot-lmtpd postfix openssl)
MARKER=.aiva-mail-servers
LOCK_FILE=${TMPDIR:-/tmp}/aiva-mail-servers.$(id -u).lock
MAX_RT_LEN=64 # unix socket paths (<runtime>/run/token-login/tokenlogin etc.) must stay < 108

log() { echo "mail-servers: $*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}
usage() {
  echo "usage: $0 start <dir> | stop <dir>" >&2
  exit 2
}

# ---------------------------------------------------------------------------------------------
# Packages

have_binaries() {
  [[ -x /usr/sbin/dovecot && -x /usr/lib/dovecot/imap && -x /usr/lib/dovecot/lmtp &&
    -x /usr/sbin/postfix && -x /usr/lib/postfix/sbin/master && -x /usr/bin/openssl ]] &&
    getent passwd dovenull >/dev/null && getent passwd postfix >/dev/null
}

ensure_packages() {
  have_binaries && return 0
  [[ $EUID -eq 0 ]] || die "dovecot/postfix missing and not root; install as root: apt-get install ${PACKAGES[*]}"
  command -v apt-get >/dev/null 2>&1 || die "dovecot/postfix missing and no apt-get (Debian 12 expected)"
  log "installing ${PACKAGES[*]} ..."
  local start=$SECONDS rc=0 created_policy=0
  # Keep the packages from starting system instances (dovecot on 143/993, postfix on 25).
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# aiva mail-servers.sh: no service starts during package install\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  {
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections || true
    export DEBIAN_FRONTEND=noninteractive
    apt-get -q -o DPkg::Lock::Timeout=600 update &&
      apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0 \
        "${PACKAGES[@]}"
  } >&2 || rc=$?
  [[ $created_policy -eq 1 ]] && rm -f /usr/sbin/policy-rc.d
  [[ $rc -eq 0 ]] || die "apt-get install ${PACKAGES[*]} failed (exit $rc)"
  have_binaries || die "packages installed but dovecot/postfix binaries or users are missing"
  log "installed ${PACKAGES[*]} in $((SECONDS - start))s"
}

# ---------------------------------------------------------------------------------------------
# Processes (no procps needed: /proc is read directly)

# proc_fields <pid>: "state ppid pgrp session" of a process (empty if gone)
proc_fields() {
  local line
  { IFS= read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
  line=${line##*) }
  local -a f
  read -r -a f <<<"$line"
  echo "${f[0]} ${f[1]} ${f[2]} ${f[3]}"
}

# alive <pid>: the process exists and is not a zombie
alive() {
  local fields
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  fields=$(proc_fields "$1") || return 1
  [[ ${fields%% *} != Z ]]
}

# pids_in_session <sid>: live processes of that session (both masters call setsid, so their
# children, including the ones left behind when a master exits, share its session id)
pids_in_session() {
  local sid=$1 f line
  local -a fields
  for f in /proc/[0-9]*/stat; do
    { IFS= read -r line <"$f"; } 2>/dev/null || continue
    line=${line##*) }
    read -r -a fields <<<"$line"
    # fields: 0 state, 1 ppid, 2 pgrp, 3 session
    if [[ ${fields[3]:-} == "$sid" && ${fields[0]} != Z ]]; then
      f=${f#/proc/}
      echo "${f%/stat}"
    fi
  done
}

# stop_sessions <master pid>...: TERM every process of the masters' sessions at once (Dovecot
# takes ~1 s to stop when only its master is signalled, and its anvil/log/stats/auth processes
# can linger for half a minute after the master is gone; all of it is throwaway), wait up to
# 5 s, then KILL what is left.
stop_sessions() {
  local pid pids=() i left
  for pid in "$@"; do
    [[ $pid =~ ^[0-9]+$ ]] || continue
    if alive "$pid" && [[ $(proc_fields "$pid" | cut -d' ' -f4) != "$pid" ]]; then
      pids+=("$pid") # not a session leader: never touch anything but the pid itself
      continue
    fi
    # The session, also when its master is already gone (its children keep the session id);
    # only processes that run the dovecot or postfix binaries, in case the id was reused.
    for i in $(pids_in_session "$pid"); do
      case $(readlink "/proc/$i/exe" 2>/dev/null) in
      /usr/sbin/dovecot | /usr/lib/dovecot/* | /usr/lib/postfix/*) pids+=("$i") ;;
      esac
    done
  done
  [[ ${#pids[@]} -gt 0 ]] || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    left=()
    for pid in "${pids[@]}"; do alive "$pid" && left+=("$pid"); done
    [[ ${#left[@]} -eq 0 ]] && return 0
    sleep 0.1
  done
  log "killing processes that did not stop in 5s: ${left[*]}"
  kill -KILL "${left[@]}" 2>/dev/null || true
  return 0
}

free_ports() { # free_ports <n>: n distinct free loopback TCP ports, one per line
  local n=$1
  if command -v node >/dev/null 2>&1; then
    node -e '
      const net = require("net"); const n = Number(process.argv[1]); const servers = [];
      (function next() {
        if (servers.length === n) { console.log(servers.map((s) => s.address().port).join("\n"));
          servers.forEach((s) => s.close()); return; }
        const s = net.createServer(); s.listen(0, "127.0.0.1", () => { servers.push(s); next(); });
      })();' "$n"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c '
import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss: s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in ss))' "$n"
  else
    die "need node or python3 to pick free ports"
  fi
}

# tcp_greeting <port> <prefix>: a connection gets a first line starting with <prefix>
tcp_greeting() {
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    IFS= read -r -t 4 line <&3 || exit 1
    [[ $line == "$2"* ]]' _ "$1" "$2" 2>/dev/null
}

# smtp_offers_auth <port>: EHLO lists AUTH (i.e. Postfix can talk to Dovecot's SASL socket)
smtp_offers_auth() {
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    IFS= read -r -t 4 line <&3 && [[ $line == 220* ]] || exit 1
    printf "EHLO probe.test\r\n" >&3
    auth=1
    while IFS= read -r -t 4 line <&3; do
      [[ $line == 250?AUTH* ]] && auth=0
      [[ $line == "250 "* ]] && break
    done
    printf "QUIT\r\n" >&3
    exit $auth' _ "$1" 2>/dev/null
}

wait_until() { # wait_until <seconds> <command...>
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# ---------------------------------------------------------------------------------------------
# Runtime directory

abs_dir() { mkdir -p "$1" && (cd "$1" && pwd -P); }
is_ours() { [[ -n "$1" && "$1" != / && -f "$1/$MARKER" ]]; }

runtime_of() { # the runtime dir recorded for <dir> (may not exist)
  local dir=$1
  if [[ -f "$dir/runtime-path" ]]; then cat "$dir/runtime-path"; else echo "$dir/srv"; fi
}

# can the daemons' users reach (and the mail user write) <path>?
reachable_by_daemons() {
  local p=$1 u
  for u in mail dovenull dovecot postfix; do
    setpriv --reuid="$u" --regid="$u" --clear-groups test -x "$p" 2>/dev/null || return 1
  done
}

is_running() { # is_running <runtime>: both masters alive and the ports answer
  local rt=$1
  [[ -f "$rt/ports.env" && -f "$rt/run/master.pid" && -f "$rt/postfix/spool/pid/master.pid" ]] || return 1
  alive "$(cat "$rt/run/master.pid")" || return 1
  alive "$(tr -d ' \n' <"$rt/postfix/spool/pid/master.pid")" || return 1
  # shellcheck disable=SC1091
  (
    source "$rt/ports.env"
    tcp_greeting "$IMAP_PORT" "* OK" && tcp_greeting "$SMTP_PORT" 220
  )
}

print_env() {
  local rt=$1 i
  # shellcheck disable=SC1091
  source "$rt/ports.env"
  echo "IMAP_HOST=127.0.0.1"
  echo "IMAP_PORT=$IMAP_PORT"
  echo "IMAPS_PORT=$IMAPS_PORT"
  echo "SMTP_HOST=127.0.0.1"
  echo "SMTP_PORT=$SMTP_PORT"
  echo "SMTPS_PORT=$SMTPS_PORT"
  echo "LMTP_HOST=127.0.0.1"
  echo "LMTP_PORT=$LMTP_PORT"
  echo "MAIL_DOMAIN=$MAIL_DOMAIN"
  for i in "${!USERS[@]}"; do
    echo "MAIL_USER_$((i + 1))=${USERS[$i]}"
    echo "MAIL_PASS_$((i + 1))=${PASSWORDS[$i]}"
  done
  echo "TLS_CERT=$rt/tls/cert.pem"
  echo "MAIL_SERVERS_DIR=$rt"
}

# ---------------------------------------------------------------------------------------------
# Config files

write_static_files() { # users, maildirs, certificate (port independent)
  local rt=$1 vuid vgid i u
  vuid=$(id -u mail)
  vgid=$(id -g mail)
  mkdir -p "$rt"/{run,state,log,tls,home,dovecot} "$rt"/postfix/{etc,spool,data}
  chmod 755 "$rt" "$rt/log" "$rt/home"
  : >"$rt/dovecot/users"
  : >"$rt/postfix/etc/vmailbox"
  for i in "${!USERS[@]}"; do
    u=${USERS[$i]}
    echo "$u:{PLAIN}${PASSWORDS[$i]}:$vuid:$vgid::$rt/home/$u" >>"$rt/dovecot/users"
    echo "$u OK" >>"$rt/postfix/etc/vmailbox"
    mkdir -p "$rt/home/$u/Maildir"/{cur,new,tmp}
  done
  chown -R "$vuid:$vgid" "$rt/home"
  chown postfix: "$rt/postfix/data"
  # Postfix's queue, laid out as postfix-files says (so that neither `postfix check` nor
  # `postfix start` spends 2 s creating it with post-install).
  local q=$rt/postfix/spool d
  for d in active bounce corrupt defer deferred flush hold incoming private saved trace; do
    install -d -m 0700 -o postfix -g root "$q/$d"
  done
  install -d -m 0730 -o postfix -g postdrop "$q/maildrop"
  install -d -m 0710 -o postfix -g postdrop "$q/public"
  install -d -m 0755 -o root -g root "$q/pid"
  chmod 644 "$rt/dovecot/users"

  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 -sha256 \
    -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:mail.$MAIL_DOMAIN" \
    -keyout "$rt/tls/key.pem" -out "$rt/tls/cert.pem" >"$rt/log/openssl.log" 2>&1 ||
    { cat "$rt/log/openssl.log" >&2; die "openssl could not create the certificate"; }
  chmod 600 "$rt/tls/key.pem"
  chmod 644 "$rt/tls/cert.pem"
}

write_dovecot_conf() {
  local rt=$1 vuid vgid dh=""
  vuid=$(id -u mail)
  vgid=$(id -g mail)
  [[ -r /usr/share/dovecot/dh.pem ]] && dh="ssl_dh = </usr/share/dovecot/dh.pem"
  # shellcheck disable=SC1091
  source "$rt/ports.env"
  cat >"$rt/dovecot/dovecot.conf" <<EOF
# aiva throwaway test instance (scripts/mail-servers.sh); /etc/dovecot is not read
instance_name = aiva-mail-$(basename "$rt")-$$
base_dir = $rt/run
state_dir = $rt/state
log_path = $rt/log/dovecot.log
info_log_path = $rt/log/dovecot.log
debug_log_path = $rt/log/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
shutdown_clients = yes

ssl = yes
ssl_cert = <$rt/tls/cert.pem
ssl_key = <$rt/tls/key.pem
$dh
# LOGIN / AUTH PLAIN also without TLS (loopback test server)
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
auth_cache_size = 0
# no 2 s delay before a failed login is answered (tests fail logins on purpose)
auth_failure_delay = 0

mail_location = maildir:~/Maildir
mail_fsync = never
first_valid_uid = $vuid
first_valid_gid = $vgid
default_internal_user = dovecot
default_login_user = dovenull
mail_max_userip_connections = 200
imap_idle_notify_interval = 1 secs
lmtp_save_to_detail_mailbox = no
recipient_delimiter = +
postmaster_address = postmaster@$MAIL_DOMAIN
hostname = mail.$MAIL_DOMAIN

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $rt/dovecot/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $rt/dovecot/users
}

namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Archive {
    special_use = \\Archive
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
}

service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
  unix_listener lmtp {
    mode = 0666
  }
}
service auth {
  # Postfix SASL (smtpd_sasl_type = dovecot)
  unix_listener auth-postfix {
    mode = 0660
    user = postfix
    group = postfix
  }
  unix_listener auth-userdb {
    mode = 0666
  }
}
# No auth penalty: without this socket Dovecot doesn't delay logins from an IP that just
# failed one (2-15 s), which tests of wrong passwords would otherwise pay in later tests.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
protocol lmtp {
  auth_username_format = %u
}
EOF
}

write_postfix_conf() {
  local rt=$1 etc=$1/postfix/etc
  # shellcheck disable=SC1091
  source "$rt/ports.env"
  cat >"$etc/main.cf" <<EOF
# aiva throwaway test instance (scripts/mail-servers.sh); /etc/postfix/main.cf is not read
compatibility_level = 3.6
queue_directory = $rt/postfix/spool
data_directory = $rt/postfix/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.$MAIL_DOMAIN
mydomain = $MAIL_DOMAIN
myorigin = \$mydomain
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.1/32
mydestination =
local_recipient_maps =
relay_domains =
alias_maps =
alias_database =
biff = no
append_dot_mydomain = no
recipient_delimiter = +
smtputf8_enable = no
message_size_limit = 52428800
smtpd_banner = \$myhostname ESMTP aiva test server

# local users: into Dovecot over LMTP; unknown local users are rejected at RCPT time
virtual_mailbox_domains = $MAIL_DOMAIN
virtual_mailbox_maps = texthash:$etc/vmailbox
virtual_transport = lmtp:inet:127.0.0.1:$LMTP_PORT
# everything else is accepted (from authenticated clients) and dropped: no internet here
default_transport = discard:non-local mail is discarded by the aiva test server
relay_transport = discard:non-local mail is discarded by the aiva test server

# submission: SASL via Dovecot, required for every message
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $rt/run/auth-postfix
smtpd_sasl_security_options = noanonymous
smtpd_tls_auth_only = no
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
smtpd_tls_security_level = may
smtpd_tls_cert_file = $rt/tls/cert.pem
smtpd_tls_key_file = $rt/tls/key.pem
smtp_tls_security_level = none
lmtp_tls_security_level = none

# fast and offline
smtp_dns_support_level = disabled
smtpd_peername_lookup = no
smtpd_error_sleep_time = 0
in_flow_delay = 0
queue_run_delay = 2s
minimal_backoff_time = 2s
maximal_backoff_time = 10s
delay_warning_time = 0

maillog_file = $rt/log/postfix.log
maillog_file_prefixes = $rt/log
EOF
  cat >"$etc/master.cf" <<EOF
127.0.0.1:$SMTP_PORT inet n - n - - smtpd
127.0.0.1:$SMTPS_PORT inet n - n - - smtpd -o smtpd_tls_wrappermode=yes -o smtpd_tls_security_level=encrypt
pickup    unix  n - n 60   1 pickup
cleanup   unix  n - n -    0 cleanup
qmgr      unix  n - n 300  1 qmgr
tlsmgr    unix  - - n 1000? 1 tlsmgr
rewrite   unix  - - n -    - trivial-rewrite
bounce    unix  - - n -    0 bounce
defer     unix  - - n -    0 bounce
trace     unix  - - n -    0 bounce
verify    unix  - - n -    1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -    - proxymap
proxywrite unix - - n -    1 proxymap
smtp      unix  - - n -    - smtp
relay     unix  - - n -    - smtp
showq     unix  n - n -    - showq
error     unix  - - n -    - error
retry     unix  - - n -    - error
discard   unix  - - n -    - discard
lmtp      unix  - - n -    - lmtp
anvil     unix  - - n -    1 anvil
scache    unix  - - n -    1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
  # Postfix re-reads main.cf every 300 ms until it is at least ~2 s old (a guard against
  # reading a file that is still being written): backdate the fresh files to start at once.
  touch -d "@$(($(date +%s) - 60))" "$etc/main.cf" "$etc/master.cf" "$etc/vmailbox"
}

# ---------------------------------------------------------------------------------------------
# Start / stop one instance

stop_instance() { # stop the daemons of <runtime> (files stay)
  local rt=$1 dovecot_pid="" postfix_pid=""
  [[ -f "$rt/run/master.pid" ]] && dovecot_pid=$(tr -d ' \n' <"$rt/run/master.pid" 2>/dev/null || true)
  [[ -f "$rt/postfix/spool/pid/master.pid" ]] &&
    postfix_pid=$(tr -d ' \n' <"$rt/postfix/spool/pid/master.pid" 2>/dev/null || true)
  # shellcheck disable=SC2086
  stop_sessions $dovecot_pid $postfix_pid
  rm -f "$rt/run/master.pid" "$rt/postfix/spool/pid/master.pid"
}

start_daemons() { # returns non-zero when a daemon did not come up (e.g. a port got taken)
  local rt=$1 pf=$1/postfix/etc out
  # shellcheck disable=SC1091
  source "$rt/ports.env"
  : >"$rt/log/dovecot.log"
  : >"$rt/log/postfix.log"
  chmod 644 "$rt/log/dovecot.log" "$rt/log/postfix.log"

  out=$(dovecot -c "$rt/dovecot/dovecot.conf" -n 2>&1 >/dev/null) || { echo "$out" >&2; die "invalid dovecot.conf"; }
  # 9>&- : daemons must not inherit (and keep holding) the start lock
  if ! dovecot -c "$rt/dovecot/dovecot.conf" 9>&- 2>>"$rt/log/dovecot.log"; then
    tail -n 20 "$rt/log/dovecot.log" >&2
    return 1
  fi
  if ! wait_until 10 tcp_greeting "$IMAP_PORT" "* OK" ||
    ! wait_until 5 tcp_greeting "$LMTP_PORT" 220 ||
    ! wait_until 5 test -S "$rt/run/auth-postfix"; then
    log "dovecot did not come up"
    tail -n 20 "$rt/log/dovecot.log" >&2
    return 1
  fi

  # The master directly, as `postfix start` does after its permission checks of the whole
  # installation (`postfix-script check-warn`), which take ~2 s and find nothing in a fresh
  # queue. -w: return only once the master has initialised (non-zero if it could not).
  # Postfix only prints errors when stderr is a terminal: its log file has the details.
  local daemon_dir
  daemon_dir=/usr/lib/postfix/sbin # Debian's (postconf would take 1.5 s here: it resolves the host name)
  if ! MAIL_CONFIG=$pf "$daemon_dir/master" -c "$pf" -w 9>&- >>"$rt/log/postfix.log" 2>&1; then
    log "postfix master failed to start"
    tail -n 20 "$rt/log/postfix.log" >&2
    return 1
  fi
  if ! wait_until 15 smtp_offers_auth "$SMTP_PORT"; then
    log "postfix did not answer with AUTH on port $SMTP_PORT"
    tail -n 20 "$rt/log/postfix.log" >&2
    return 1
  fi
}

cmd_start() {
  local dir rt attempt started=0 ports
  [[ $EUID -eq 0 ]] || die "must run as root (dovecot and postfix drop privileges per user)"
  dir=$(abs_dir "$1")

  # One start at a time (package install, port choice until the ports are bound).
  exec 9>>"$LOCK_FILE"
  flock -w 900 9 || die "could not lock $LOCK_FILE within 900s"

  ensure_packages

  rt=$(runtime_of "$dir")
  if is_ours "$rt" && is_running "$rt"; then
    log "already running in $rt"
    print_env "$rt"
    return 0
  fi
  if is_ours "$rt"; then
    log "removing stale instance in $rt"
    stop_instance "$rt"
    rm -rf -- "$rt"
  fi
  rm -f "$dir/runtime-path" "$dir/dovecot.log" "$dir/postfix.log"

  # Where the daemons can reach it, with short socket paths.
  rt="$dir/srv"
  [[ -d "$rt" ]] && die "$rt exists but is not ours; refusing to touch it"
  chmod o+x "$dir" 2>/dev/null || true
  mkdir -p "$rt"
  chmod 755 "$rt"
  if [[ ${#rt} -gt $MAX_RT_LEN ]] || ! reachable_by_daemons "$rt"; then
    rmdir "$rt"
    rt=$(mktemp -d /tmp/aiva-mail.XXXXXX)
    chmod 755 "$rt"
    reachable_by_daemons "$rt" || die "daemon users cannot reach $rt"
  fi
  touch "$rt/$MARKER"
  echo "$rt" >"$dir/runtime-path"
  log "runtime directory $rt"

  write_static_files "$rt"
  for attempt in 1 2 3 4 5; do
    mapfile -t ports < <(free_ports 5)
    [[ ${#ports[@]} -eq 5 ]] || die "could not pick free ports"
    printf 'IMAP_PORT=%s\nIMAPS_PORT=%s\nLMTP_PORT=%s\nSMTP_PORT=%s\nSMTPS_PORT=%s\n' "${ports[@]}" >"$rt/ports.env"
    write_dovecot_conf "$rt"
    write_postfix_conf "$rt"
    log "starting dovecot + postfix (attempt $attempt, ports ${ports[*]})"
    if start_daemons "$rt"; then
      started=1
      break
    fi
    stop_instance "$rt"
    # Retry with other ports only when one was taken in the meantime.
    grep -qiE 'address already in use|bind\(' "$rt/log/dovecot.log" "$rt/log/postfix.log" || break
  done
  flock -u 9 || true
  exec 9>&-
  [[ $started -eq 1 ]] || die "mail servers failed to start (logs in $rt/log)"

  ln -sfn "$rt/log/dovecot.log" "$dir/dovecot.log"
  ln -sfn "$rt/log/postfix.log" "$dir/postfix.log"
  log "ready: dovecot pid $(cat "$rt/run/master.pid"), postfix pid $(tr -d ' \n' <"$rt/postfix/spool/pid/master.pid")"
  print_env "$rt"
}

cmd_stop() {
  local dir=$1 rt
  if [[ ! -d "$dir" ]]; then
    log "$dir does not exist; nothing to stop"
    return 0
  fi
  dir=$(cd "$dir" && pwd -P)
  rt=$(runtime_of "$dir")
  if is_ours "$rt"; then
    stop_instance "$rt"
    rm -rf -- "$rt"
    log "stopped and removed $rt"
  else
    log "no mail servers recorded in $dir; nothing to stop"
  fi
  rm -f "$dir/runtime-path" "$dir/dovecot.log" "$dir/postfix.log"
  rmdir "$dir" 2>/dev/null || true
}

[[ $# -eq 2 && -n "$2" ]] || usage
case "$1" in
start) cmd_start "$2" ;;
stop) cmd_stop "$2" || true ;;
*) usage ;;
esac
