// Loads the wasm-bindgen output (`--target web`); the Rust side mounts the app.
import init from "./jobforge_ui.js";

init().catch((error) => {
  const message = document.createElement("p");
  message.className = "boot-error";
  message.setAttribute("role", "alert");
  message.textContent = `Job Forge could not start its interface: ${error}`;
  document.body.append(message);
});
