# incident-emulator as a container: build with dev dependencies (and the native SQLite binding),
# run with production dependencies only, as a non-root user, data on a volume.
#
#   docker build -t incident-emulator .
#   docker run -p 4610:4610 -v incident-emulator-data:/data incident-emulator
#
# BASE_IMAGE must provide Node.js 20+ and npm on Debian/Ubuntu; where no registry is reachable,
# pass a locally built one (npm run test:docker builds such a base from Debian packages).
ARG BASE_IMAGE=node:20-bookworm-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be fetched: python3, make, g++.
RUN if ! (command -v python3 && command -v make && command -v g++) >/dev/null; then \
      apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
      && rm -rf /var/lib/apt/lists/*; \
    fi
COPY package.json package-lock.json ./
# The build runs no dependency's install script but the native SQLite binding's.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY . .
# The image holds exactly what the npm package holds (package.json "files", built by its prepack
# script), plus the production dependencies stripped of what only development needs.
RUN npm pack --pack-destination /tmp \
    && mkdir /package && tar -xzf /tmp/incident-emulator-*.tgz -C /package --strip-components=1 \
    && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
    && sh scripts/slim-runtime-modules.sh node_modules \
    && mv node_modules /package/

FROM ${BASE_IMAGE}
ENV NODE_ENV=production \
    EMULATOR_HOST=0.0.0.0 \
    EMULATOR_PORT=4610 \
    EMULATOR_DB=/data/emulator.sqlite
WORKDIR /app
RUN (id -u emulator >/dev/null 2>&1 || useradd --system --uid 10001 --no-create-home --home-dir /app emulator) \
    && mkdir -p /data && chown emulator /data
COPY --from=build /package ./
COPY docker/healthcheck.sh /usr/local/bin/incident-emulator-healthcheck
USER emulator
VOLUME ["/data"]
EXPOSE 4610
# Follows EMULATOR_PORT / EMULATOR_HOST, so a container started on another port stays healthy.
# A probe is a few milliseconds of bash, so Docker can afford one a second: healthy within about
# a second of listening (Docker before 25 has no faster probing during the start period).
HEALTHCHECK --interval=1s --timeout=3s --start-period=30s --retries=3 CMD ["incident-emulator-healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/src/server.js"]
