# syntax=docker/dockerfile:1
# Atiende's image: a thin layer over the production bundle (`pnpm bundle`, see docs/deploy.md).
# The build needs no secrets and no database; they come from the environment at run time.

FROM node:20-bookworm-slim AS build
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /src
# corepack's signature check is unreliable on some networks; the pinned pnpm from npm is not.
RUN npm install -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile && pnpm bundle

FROM node:20-bookworm-slim AS run
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
RUN groupadd --system atiende && useradd --system --gid atiende --home-dir /app atiende \
    && mkdir -p /app/.data/uploads && chown -R atiende:atiende /app/.data
COPY --from=build --chown=root:root /src/bundle /app
USER atiende
EXPOSE 3000
# Liveness only: /api/ready (database reachable, not draining) is for the load balancer.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The heap's sizes (a 64 MB young generation, the old one's growth): see docs/deploy.md, "Node's flags".
CMD ["node", "--max-semi-space-size=64", "--min-semi-space-size=64", "--heap-growing-percent=25", "server.js"]
