# The Worker (wasm/worker) in workerd, Cloudflare's runtime, as scripts/worker and the tests
# run it: the modules workers-assets-gen -mode=go writes into build/, with app.wasm beside
# them. Paths are relative to this file. The socket's address is 127.0.0.1:8787 unless
# --socket-addr http=HOST:PORT says otherwise (the tests pass port 0 and read the port from
# --control-fd).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "iamplay-api", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "iamplay-api") ],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "build/worker.mjs"),
    (name = "shim.mjs", esModule = embed "build/shim.mjs"),
    (name = "wasm_exec.js", esModule = embed "build/wasm_exec.js"),
    (name = "app.wasm", wasm = embed "build/app.wasm"),
  ],
  # The same date as wrangler.toml's compatibility_date.
  compatibilityDate = "2026-04-01",
);
