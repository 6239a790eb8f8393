// A tiny static file server for the built app (dist/), so the end-to-end tests need no extra dependency.
// Also runnable by hand: node tests/e2e/server.mjs [dir] [port]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  // WebAssembly.instantiateStreaming refuses any other type.
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

async function resolveFile(root, urlPath) {
  const file = resolve(root, '.' + decodeURIComponent(urlPath));
  if (file !== root && !file.startsWith(root + sep)) return null;
  const info = await stat(file).catch(() => null);
  if (!info) return null;
  return info.isDirectory() ? resolveFile(root, urlPath.replace(/\/?$/, '/index.html')) : file;
}

/** Serves `dir` on 127.0.0.1 (port 0: any free port). Resolves to { url, close }. */
export async function serveStatic(dir, { port = 0 } = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const file = await resolveFile(root, new URL(req.url, 'http://localhost').pathname);
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const body = await readFile(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await serveStatic(process.argv[2] ?? 'dist', { port: Number(process.argv[3] ?? 8080) });
  console.log(`serving ${process.argv[2] ?? 'dist'} at ${url}`);
}
