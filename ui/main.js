// Loads the wasm-bindgen output (`--target web`); the Rust side mounts the app.
import init from "./jobforge_ui.js";

// When the page's script began, for the start-up marks (ui/src/boot.rs).
window.__jobforgeScriptMark = performance.now();

// Ask the shell for the workspace while the interface compiles: by the time
// the interface can draw, the answer is usually there (ipc.rs takes it).
try {
  const early = window.__TAURI__.core.invoke("unlock_state");
  early.catch(() => {}); // handled when the interface reads it
  window.__jobforgeEarlyUnlockState = early;
} catch (_) {
  // No shell (opened in a browser): the interface says so itself.
}

init().catch((error) => {
  const message = document.createElement("p");
  message.className = "boot-error";
  message.setAttribute("role", "alert");
  message.textContent = `Job Forge could not start its interface: ${error}`;
  document.body.append(message);
});
