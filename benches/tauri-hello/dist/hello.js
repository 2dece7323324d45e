// Tell the shell the page is drawn, once, after it has loaded.
window.addEventListener("load", () => {
  window.__TAURI__.core.invoke("ready");
});
