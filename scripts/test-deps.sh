#!/usr/bin/env bash
# Installs (as root, Debian) the real peers the test suite runs against, and starts the services
# that tests need. Safe to run again: it installs only what is missing.
set -euo pipefail
packages=(tshark tcpdump libndpi-bin dcmtk orthanc postgresql softflowd nmap mosquitto mosquitto-clients
          snmpd snmp openssh-client openssh-server openssl curl busybox iproute2 samba smbclient
          vsftpd inetutils-telnetd inetutils-inetd telnet xrdp tigervnc-standalone-server tigervnc-viewer tigervnc-tools x11vnc)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
  # The servers among the packages (vsftpd, xrdp, inetd, snmpd, mosquitto, samba, orthanc, ...) must not
  # start as system services: the tests start their own on loopback, on ports they choose. A temporary
  # policy-rc.d (Debian's invoke-rc.d policy hook, also honoured under systemd) forbids starting them.
  policy_made=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod 755 /usr/sbin/policy-rc.d
    policy_made=1
    trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -z "$policy_made" ] || { $SUDO rm -f /usr/sbin/policy-rc.d; trap - EXIT; }
fi
# PostgreSQL for the storage tests: a role and database named wardwatch on 127.0.0.1:5432
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
if command -v pg_ctlcluster >/dev/null; then
  ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
  if [ -n "$ver" ]; then
    $SUDO pg_ctlcluster "$ver" main start 2>/dev/null || true
    for _ in $(seq 1 20); do as_postgres psql -qtAc 'select 1' >/dev/null 2>&1 && break; sleep 0.5; done
    as_postgres psql -qtAc "select 1 from pg_roles where rolname='wardwatch'" | grep -q 1 \
      || as_postgres psql -qc "create role wardwatch login password 'wardwatch' createdb" >/dev/null
    as_postgres psql -qtAc "select 1 from pg_database where datname='wardwatch'" | grep -q 1 \
      || as_postgres psql -qc "create database wardwatch owner wardwatch" >/dev/null
  fi
fi
echo "test-deps: ready" >&2
