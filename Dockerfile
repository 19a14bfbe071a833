# syntax=docker/dockerfile:1
# The Tableside server (every role) and the diner PWA it serves, built in one
# stage and run from a slim, non-root image in the next. Migrates the database
# on start.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1
# Manifests first, so dependency layers are cached across source changes.
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY migrations/package.json migrations/
COPY server/package.json server/
COPY pwa/package.json pwa/
COPY kiosk/package.json kiosk/
# Electron's install script is denied in package.json: no binary is downloaded.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.base.json ./
COPY shared shared
COPY migrations migrations
COPY server server
COPY pwa pwa
# The server and the PWA; the kiosk is its own program, built on the kitchen's machine.
RUN npx tsc -b && npm run build -w pwa && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/shared/package.json shared/
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/migrations/package.json migrations/
COPY --from=build /app/migrations/dist migrations/dist
COPY --from=build /app/server/package.json server/
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/pwa/dist pwa/dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["sh", "-c", "node server/dist/cli/db.js migrate && exec node server/dist/main.js"]
