#!/usr/bin/env bash
# The image's HEALTHCHECK: does the emulator answer GET /_emulator/health on the port and address
# it was configured with (EMULATOR_PORT / EMULATOR_HOST, as the server reads them)? Exit 0 healthy.
#
# Plain bash (/dev/tcp), no Node start-up: a probe costs a few milliseconds, so Docker can probe
# every second. While the emulator is still starting (connection refused) it retries for up to
# 2.5 s, so that "healthy" follows "listening" closely although Docker probes only once a second.
port="${EMULATOR_PORT:-4610}"
host="${EMULATOR_HOST:-127.0.0.1}"
# A wildcard address is listened on, not connected to: ask loopback instead.
case "$host" in
  0.0.0.0) host=127.0.0.1 ;;
  :: | '[::]') host=::1 ;;
esac
host="${host#[}"
host="${host%]}"

for _ in {1..25}; do
  if exec 3<>"/dev/tcp/$host/$port"; then
    printf 'GET /_emulator/health HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$host:$port" >&3
    status_line=''
    IFS= read -r -t 2 status_line <&3
    exec 3<&-
    # Answered: healthy on 200, unhealthy otherwise (no retry: it is up and says no).
    [[ "$status_line" == HTTP/1.?' 200 '* ]]
    exit
  fi 2>/dev/null
  sleep 0.1
done
exit 1
