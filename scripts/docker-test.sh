#!/usr/bin/env bash
# npm run test:docker — the container, verified for real:
#   a private dockerd (no bridge, no iptables) → a local base image (debootstrap'd Debian plus this
#   machine's Node and CA bundle; cached) → docker build (size over the base: under 80 MB) →
#   docker run on loopback → healthcheck (time to healthy printed) → both APIs (tokens, list,
#   update, Swagger UI) → restart on the same volume (the change persisted) → docker stop (under
#   2 s) → the Testcontainers module against the same image and daemon. Everything it starts it
#   stops, by PID.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(uname -s)" != Linux ] || [ "$(id -u)" != 0 ]; then
  echo "test:docker needs Linux and root (it installs and starts its own dockerd); not run here." >&2
  exit 0
fi

log() { printf '[test:docker] %s\n' "$*"; }
CACHE_DIR="${INCIDENT_EMULATOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/incident-emulator}"
RUN_DIR="$(mktemp -d /tmp/incident-emulator-docker.XXXXXX)"
mkdir -p "$CACHE_DIR"
NODE_VERSION="$(node -p process.versions.node)"
BASE_TAG="incident-emulator-base:node-${NODE_VERSION}"
IMAGE_TAG="incident-emulator:test"
CONTAINER="incident-emulator-test-$$"
VOLUME="incident-emulator-test-$$"
DOCKERD_PID=""

cleanup() {
  set +e
  if [ -n "$DOCKERD_PID" ]; then
    # The daemon is this script's own: every container and volume in it is this run's.
    docker ps -aq | xargs -r docker rm -f >/dev/null 2>&1
    docker volume prune -f >/dev/null 2>&1
    kill "$DOCKERD_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.2; done
  fi
  # dockerd leaves its network namespace mounted under its exec root.
  awk -v dir="$RUN_DIR" 'index($2, dir) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r umount -l
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT

# 1. Docker and debootstrap from Debian's packages, when missing.
if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
  log "installing docker.io and debootstrap"
  # Waits for the dpkg lock instead of failing when another install is running.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq docker.io debootstrap >/dev/null
fi

# 2. A private dockerd: its own socket, no bridge, no iptables; images kept in the cache.
export DOCKER_HOST="unix://$RUN_DIR/docker.sock"
dockerd --host "$DOCKER_HOST" --data-root "$CACHE_DIR/docker-data" --exec-root "$RUN_DIR/exec" \
  --pidfile "$RUN_DIR/docker.pid" --bridge=none --iptables=false --ip6tables=false \
  >"$RUN_DIR/dockerd.log" 2>&1 &
DOCKERD_PID=$!
for _ in $(seq 1 100); do docker version >/dev/null 2>&1 && break; sleep 0.2; done
docker version >/dev/null 2>&1 || { cat "$RUN_DIR/dockerd.log" >&2; echo "dockerd did not start" >&2; exit 1; }
log "dockerd $(docker version --format '{{.Server.Version}}') running (pid $DOCKERD_PID)"

# 3. The base image: minimal Debian with python3/make/g++ (for the native SQLite binding) and
#    this machine's Node, npm and CA bundle. Built once, then taken from the cache.
if ! docker image inspect "$BASE_TAG" >/dev/null 2>&1; then
  ROOTFS_TAR="$CACHE_DIR/debian-bookworm-rootfs.tar"
  if [ ! -f "$ROOTFS_TAR" ]; then
    log "debootstrapping Debian bookworm (once; cached in $ROOTFS_TAR)"
    debootstrap --variant=minbase --include=ca-certificates,python3,make,g++ bookworm "$RUN_DIR/rootfs" \
      http://deb.debian.org/debian >"$RUN_DIR/debootstrap.log" 2>&1 \
      || { tail -20 "$RUN_DIR/debootstrap.log" >&2; exit 1; }
    rm -rf "$RUN_DIR/rootfs/var/cache/apt/archives/"*.deb "$RUN_DIR/rootfs/var/lib/apt/lists/"*
    tar -C "$RUN_DIR/rootfs" -cf "$ROOTFS_TAR.partial" . && mv "$ROOTFS_TAR.partial" "$ROOTFS_TAR"
    rm -rf "$RUN_DIR/rootfs"
  fi
  log "building $BASE_TAG"
  mkdir -p "$RUN_DIR/base"
  tar -C "$RUN_DIR/base" -xf "$ROOTFS_TAR"
  NODE_BIN="$(command -v node)"
  NODE_PREFIX="$(dirname "$(dirname "$NODE_BIN")")"
  install -D "$NODE_BIN" "$RUN_DIR/base/usr/bin/node"
  mkdir -p "$RUN_DIR/base/usr/include" "$RUN_DIR/base/usr/lib/node_modules"
  cp -a "$NODE_PREFIX/include/node" "$RUN_DIR/base/usr/include/"
  cp -a "$NODE_PREFIX/lib/node_modules/npm" "$RUN_DIR/base/usr/lib/node_modules/"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$RUN_DIR/base/usr/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$RUN_DIR/base/usr/bin/npx"
  cp /etc/ssl/certs/ca-certificates.crt "$RUN_DIR/base/etc/ssl/certs/ca-certificates.crt"
  # nodedir: node-gyp builds against the headers in the image instead of downloading them.
  tar -C "$RUN_DIR/base" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV npm_config_nodedir=/usr' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    - "$BASE_TAG" >/dev/null
  rm -rf "$RUN_DIR/base"
fi

# 4. The image, built as anyone would build it, from the local base.
log "docker build"
started=$(date +%s)
docker build --network host --build-arg "BASE_IMAGE=$BASE_TAG" -t "$IMAGE_TAG" . >"$RUN_DIR/build.log" 2>&1 \
  || { tail -40 "$RUN_DIR/build.log" >&2; exit 1; }
log "built in $(( $(date +%s) - started )) s"
image_bytes="$(docker image inspect --format '{{.Size}}' "$IMAGE_TAG")"
base_bytes="$(docker image inspect --format '{{.Size}}' "$BASE_TAG")"
over_base_mb=$(( (image_bytes - base_bytes) / 1000000 ))
log "image size: base + ${over_base_mb} MB ($(( image_bytes / 1000000 )) MB in all)"
[ "$over_base_mb" -lt 80 ] || { echo "the image adds ${over_base_mb} MB to its base, over 80 MB" >&2; exit 1; }

PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
URL="http://127.0.0.1:$PORT"
# Starts the container and waits for Docker to call it healthy; HEALTHY_MS is how long that took.
run_container() {
  local started_ns
  started_ns=$(date +%s%N)
  docker run -d --name "$CONTAINER" --network host -e EMULATOR_HOST=127.0.0.1 -e EMULATOR_PORT="$PORT" \
    -e EMULATOR_LOG_LEVEL=warn -v "$VOLUME:/data" "$IMAGE_TAG" >/dev/null
  for _ in $(seq 1 1200); do
    status="$(docker inspect --format '{{.State.Health.Status}}' "$CONTAINER" 2>/dev/null || echo gone)"
    if [ "$status" = healthy ]; then
      HEALTHY_MS=$(( ($(date +%s%N) - started_ns) / 1000000 ))
      return 0
    fi
    [ "$status" = gone ] && break
    sleep 0.05
  done
  docker logs "$CONTAINER" >&2 || true
  echo "the container did not become healthy (status: ${status:-unknown})" >&2
  exit 1
}

# 5. First life: healthy on the configured port, both APIs answer, a change is written.
run_container
log "healthy ${HEALTHY_MS} ms after docker run, seeded from the default fixtures, on $URL (user $(docker exec "$CONTAINER" id -un))"
MARKER="docker-$$-$(date +%s)"
node scripts/docker-smoke.mjs write "$URL" "$MARKER"

# 6. Second life on the same volume: the change is still there.
docker rm -f "$CONTAINER" >/dev/null
run_container
node scripts/docker-smoke.mjs verify "$URL" "$MARKER"
log "the change survived a new container on the same volume (healthy ${HEALTHY_MS} ms after docker run)"

# 7. It stops cleanly and quickly on SIGTERM.
started_ns=$(date +%s%N)
docker stop --time 10 "$CONTAINER" >/dev/null
stop_ms=$(( ($(date +%s%N) - started_ns) / 1000000 ))
exit_code="$(docker inspect --format '{{.State.ExitCode}}' "$CONTAINER")"
log "docker stop took ${stop_ms} ms (exit code $exit_code)"
[ "$stop_ms" -lt 2000 ] || { echo "docker stop took ${stop_ms} ms, over 2 s" >&2; exit 1; }
[ "$exit_code" = 0 ] || { echo "the emulator exited with $exit_code on SIGTERM" >&2; exit 1; }

# 8. The Testcontainers module (incident-emulator/testcontainers) against the same image and
#    daemon. Ryuk, its cleanup container, would have to be pulled from a registry: off here; the
#    test stops what it starts. Inside a container Testcontainers looks for the Docker host on
#    the bridge network's gateway, and this daemon has no bridge: the host is loopback.
log "the Testcontainers module"
INCIDENT_EMULATOR_IMAGE="$IMAGE_TAG" TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 \
  npx tap --disable-coverage --reporter=tap test/docker/testcontainers.docker.ts
log "ok"
