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
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${BASE_IMAGE}
ENV NODE_ENV=production \
    EMULATOR_HOST=0.0.0.0 \
    EMULATOR_PORT=4610 \
    EMULATOR_DB=/data/emulator.sqlite
WORKDIR /app
RUN (id -u emulator >/dev/null 2>&1 || useradd --system --uid 10001 --no-create-home --home-dir /app emulator) \
    && mkdir -p /data && chown emulator /data
COPY package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY fixtures ./fixtures
COPY openapi ./openapi
COPY console ./console
USER emulator
VOLUME ["/data"]
EXPOSE 4610
# Follows EMULATOR_PORT / EMULATOR_HOST, so a container started on another port stays healthy.
HEALTHCHECK --interval=5s --timeout=3s --start-period=15s --retries=3 CMD ["node", "dist/src/healthcheck.js"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/src/server.js"]
